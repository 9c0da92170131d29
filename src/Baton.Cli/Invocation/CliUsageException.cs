namespace Baton.Cli.Invocation;

/// <summary>
/// An argument problem found only once the command runs (an unreadable @file, a bad line in a JSONL file):
/// reported like a parse error, exit 1, before any request is sent.
/// </summary>
public sealed class CliUsageException : Exception
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Baton.Mcp;

/// <summary>A tool argument the caller got wrong; becomes an <c>invalid_argument</c> tool error naming <see cref="Argument"/>.</summary>
public sealed class ToolArgumentException : Exception
{
    public ToolArgumentException()
        : this("argument", "The argument is invalid.")
    {
    }

    public ToolArgumentException(string message)
        : this("argument", message)
    {
    }

    public ToolArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
        Argument = "argument";
    }

    public ToolArgumentException(string argument, string message)
        : base(message)
    {
        Argument = argument;
    }

    /// <summary>The argument's name as the tool's schema spells it.</summary>
    public string Argument { get; }
}

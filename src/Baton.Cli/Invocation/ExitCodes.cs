namespace Baton.Cli.Invocation;

/// <summary>The exit codes of every client command; <c>baton --help</c>, README and docs/cli.md list them.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad arguments, not found, an empty queue, a conflict, or a task that ended failed/missed/cancelled.</summary>
    public const int UserError = 1;

    /// <summary>The server could not be reached or answered 5xx.</summary>
    public const int ServerUnavailable = 2;

    /// <summary>No key, or the server refused it (401).</summary>
    public const int AuthenticationFailed = 3;

    /// <summary>A wait ran out of time before the task or run finished.</summary>
    public const int WaitTimedOut = 4;

    public const string Summary = """
        Exit codes: 0 success; 1 bad arguments, not found, empty queue, conflict, or a task that ended
        failed/missed/cancelled; 2 server unreachable or 5xx; 3 authentication (missing or bad API key);
        4 a wait timed out.
        """;
}

namespace Baton.Worker.Outcomes;

/// <summary>How a handler process ended: its exit code, whether it was stopped for running too long, and the tail of its output.</summary>
public sealed record HandlerRun(int ExitCode, bool TimedOut, TimeSpan Timeout, string Output, TimeSpan Duration);

namespace Baton.Contracts.Workers;

/// <summary>What a worker says about itself in its heartbeat: running, stopping (draining) or stopped (exited cleanly).</summary>
public static class WorkerStates
{
    public const string Running = "running";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Running, Stopping, Stopped };
}

namespace Baton.Bench;

/// <summary>One burn-down: <see cref="Jobs"/> no-op jobs enqueued, then drained.</summary>
public sealed record BurnResult(
    string Scenario, string System, string Settings, int Jobs, double Seconds, double EnqueuePerSecond, bool SyncOff)
{
    /// <summary>Store level only: the share of claimer time spent in claim calls (the rest is outcome calls).</summary>
    public double? ClaimShare { get; init; }

    /// <summary>HTTP only: CPU seconds the server process spent during the burn-down (user + system).</summary>
    public double? ServerCpuSeconds { get; init; }

    public double JobsPerSecond => Jobs / Seconds;
}

public sealed record LatencyResult(string Scenario, string System, string Settings, LatencySummary Summary);

/// <summary>Transactions committed per second in the system's database, idle, with and without parked workers.</summary>
public sealed record IdleResult(string System, int Workers, double Seconds, double BaselinePerSecond, double WithWorkersPerSecond)
{
    public double PerWorkerPerSecond => (WithWorkersPerSecond - BaselinePerSecond) / Workers;
}

public sealed record ScaleResult(string System, int Pending, LatencySummary Claim);

public sealed record MemoryResult(string System, int Waiters, double BaselineMb, double WithWaitersMb, double PeakMb);

/// <summary>Messaging on two nodes: throughput, and wake-up latencies in milliseconds (same node, node A → node B).</summary>
public sealed record MessagingResult(
    int Messages, int Delivered, double SentPerSecond, double DeliveredPerSecond, List<double> SameNode, List<double> CrossNode, string Load);

/// <summary>Everything one harness run measured.</summary>
public sealed class Results
{
    public List<BurnResult> Burns { get; } = [];
    public List<LatencyResult> Latencies { get; } = [];
    public List<IdleResult> Idle { get; } = [];
    public List<ScaleResult> Scale { get; } = [];
    public List<MemoryResult> Memory { get; } = [];
    public List<MessagingResult> Messaging { get; } = [];
    public List<string> Notes { get; } = [];
    public bool AwaitEndpointAvailable { get; set; }
}

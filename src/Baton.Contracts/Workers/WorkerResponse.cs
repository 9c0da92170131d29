namespace Baton.Contracts.Workers;

/// <summary>A worker as last heard from.</summary>
public sealed record WorkerResponse
{
    /// <summary>The worker's id.</summary>
    public required string WorkerId { get; init; }

    /// <summary>Its last heartbeat.</summary>
    public required DateTimeOffset LastHeartbeat { get; init; }

    /// <summary>Whole seconds since then.</summary>
    public required long SecondsSinceHeartbeat { get; init; }

    /// <summary><c>active</c> (heard from under 180 s ago), <c>stale</c> (under 900 s) or <c>dead</c>; <c>stopping</c> while
    /// it drains after a stop signal, <c>stopped</c> once it exited cleanly.</summary>
    public required string HeartbeatStatus { get; init; }

    /// <summary>(ext) What the worker last said about itself: <c>running</c>, <c>stopping</c> or <c>stopped</c>.</summary>
    public string State { get; init; } = WorkerStates.Running;

    /// <summary>Task names it handles.</summary>
    public required IReadOnlyList<string> Handlers { get; init; }

    /// <summary>Its first heartbeat.</summary>
    public required DateTimeOffset RegisteredSince { get; init; }

    /// <summary>(ext) Executions it currently holds.</summary>
    public required long ClaimedCount { get; init; }

    /// <summary>(ext) Its version.</summary>
    public string? Version { get; init; }

    /// <summary>(ext) Its host.</summary>
    public string? Host { get; init; }
}

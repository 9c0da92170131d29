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

    /// <summary><c>active</c> (under 180 s), <c>stale</c> (under 900 s) or <c>dead</c>.</summary>
    public required string HeartbeatStatus { get; init; }

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

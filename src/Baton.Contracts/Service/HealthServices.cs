namespace Baton.Contracts.Service;

/// <summary>The state of each part of the server: <c>ok</c>, <c>error</c> or <c>disabled</c>.</summary>
public sealed record HealthServices
{
    /// <summary>The store.</summary>
    public required string Database { get; init; }

    /// <summary>The background loop (lease rescue, missed marking, pruning).</summary>
    public required string Scheduler { get; init; }
}

namespace Baton.Core.Cues;

/// <summary>A stored cue: its definition and the scheduler's state.</summary>
public sealed record Cue
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string Name { get; init; }
    public required string Status { get; init; }
    public required CueDefinition Definition { get; init; }
    public DateTimeOffset? NextRun { get; init; }
    public DateTimeOffset? LastRun { get; init; }
    /// <summary>Scheduled slots fired.</summary>
    public long RunCount { get; init; }
    /// <summary>Executions made from the cue by any trigger.</summary>
    public long FiredCount { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}

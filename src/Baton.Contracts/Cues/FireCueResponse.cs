namespace Baton.Contracts.Cues;

/// <summary>The execution a fire made.</summary>
public sealed record FireCueResponse
{
    public required Guid Id { get; init; }
    public required string CueId { get; init; }
    public required DateTimeOffset ScheduledFor { get; init; }
    public required string Status { get; init; }
    public required string TriggeredBy { get; init; }
}

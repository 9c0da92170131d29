namespace Baton.Core.Cues;

/// <summary>
/// <see cref="Applied"/> is false when this event's effects had been applied before (the loop re-read it after a
/// crash): nothing was written again. <see cref="Cue"/> is the cue after the change, when it exists.
/// </summary>
public sealed record CueEffectsResult(bool Applied, Cue? Cue, int AlertsRaised);

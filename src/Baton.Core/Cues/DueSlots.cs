namespace Baton.Core.Cues;

/// <summary>The slots a scheduler pass fires for one cue, oldest first, and the cue's next run after them.</summary>
public sealed record DueSlots(IReadOnlyList<DateTimeOffset> Slots, DateTimeOffset? NextRun);

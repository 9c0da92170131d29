namespace Baton.Core.Cues;

/// <summary>A compare-and-set of a cue's status: to <see cref="To"/>, only from one of <see cref="From"/>.</summary>
public sealed record CueStatusChange(IReadOnlyList<string> From, string To);

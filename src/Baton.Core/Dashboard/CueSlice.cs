using Baton.Core.Cues;

namespace Baton.Core.Dashboard;

/// <summary>One keyset page of cues (newest first), the tenant's cue count, and the sequence the next page is before.</summary>
public sealed record CueSlice(IReadOnlyList<Cue> Items, long Total, long? NextBeforeSequence);

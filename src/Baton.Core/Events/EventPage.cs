namespace Baton.Core.Events;

/// <summary>Events after a cursor, and the cursor to read from next (unchanged when there were none).</summary>
public sealed record EventPage(IReadOnlyList<BatonEvent> Events, string NextCursor);

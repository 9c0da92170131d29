namespace Baton.Core.Events;

/// <summary>
/// Events after a cursor, and the cursor to read from next (unchanged when there were none).
/// <see cref="MoreBehindHorizon"/>: committed events exist past the cursor that cannot be handed out yet because
/// an older transaction is still running (PostgreSQL); a reader should look again shortly rather than park.
/// </summary>
public sealed record EventPage(IReadOnlyList<BatonEvent> Events, string NextCursor, bool MoreBehindHorizon = false);

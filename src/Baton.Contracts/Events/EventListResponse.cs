namespace Baton.Contracts.Events;

/// <summary>Events after a cursor, in stream order.</summary>
public sealed record EventListResponse
{
    /// <summary>The events, oldest first.</summary>
    public required IReadOnlyList<EventResponse> Events { get; init; }

    /// <summary>Pass as <c>since</c> to read what follows (unchanged when there were no events).</summary>
    public required string NextCursor { get; init; }
}

namespace Baton.Contracts.Messaging;

/// <summary><c>GET /v1/agents/{ref}/events</c>: events after <c>since</c>, oldest first.</summary>
public sealed record AgentEventListResponse
{
    public required IReadOnlyList<AgentEventResponse> Events { get; init; }

    /// <summary>
    /// The <c>since</c> for the next read: the last event's id here, else the <c>since</c> given (CueAPI's name).
    /// </summary>
    public required long NextCursor { get; init; }

    /// <summary>The agent's newest event id (of any type): the highest ack_watermark accepted.</summary>
    public required long LastEventId { get; init; }
}

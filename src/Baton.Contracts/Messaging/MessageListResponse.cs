namespace Baton.Contracts.Messaging;

/// <summary><c>GET /v1/agents/{ref}/inbox</c> and <c>…/sent</c>: one page of messages.</summary>
public sealed record MessageListResponse
{
    public required IReadOnlyList<MessageResponse> Messages { get; init; }
    public required long Total { get; init; }
    public required int Limit { get; init; }
    public required int Offset { get; init; }
}

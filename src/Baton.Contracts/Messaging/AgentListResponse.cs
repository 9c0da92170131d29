namespace Baton.Contracts.Messaging;

/// <summary><c>GET /v1/agents</c>: one page, oldest first.</summary>
public sealed record AgentListResponse
{
    public required IReadOnlyList<AgentResponse> Agents { get; init; }
    public required long Total { get; init; }
    public required int Limit { get; init; }
    public required int Offset { get; init; }
}

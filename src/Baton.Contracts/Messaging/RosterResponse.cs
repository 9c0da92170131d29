namespace Baton.Contracts.Messaging;

/// <summary><c>GET /v1/agents/roster</c>: the account's live agents, with an <c>ETag</c> (304 on <c>If-None-Match</c>).</summary>
public sealed record RosterResponse
{
    public required DateTimeOffset GeneratedAt { get; init; }
    public required IReadOnlyList<RosterEntry> Agents { get; init; }
}

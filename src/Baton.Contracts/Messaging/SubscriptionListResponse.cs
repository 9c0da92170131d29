namespace Baton.Contracts.Messaging;

/// <summary><c>GET /v1/agents/{ref}/subscriptions</c>: all of them, oldest first.</summary>
public sealed record SubscriptionListResponse
{
    public required IReadOnlyList<SubscriptionResponse> Subscriptions { get; init; }
}

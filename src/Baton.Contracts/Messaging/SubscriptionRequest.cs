using System.Text.Json.Serialization;

namespace Baton.Contracts.Messaging;

/// <summary><c>POST /v1/agents/{ref}/subscriptions</c>. Unknown fields are refused (422).</summary>
public sealed record SubscriptionRequest
{
    /// <summary><c>message.delivered</c> or <c>message.digest</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EventType { get; init; }

    /// <summary><c>pull</c> (default) or <c>webhook</c> (the agent must have a webhook_url).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DeliveryTarget { get; init; }
}

using System.Text.Json.Serialization;

namespace Baton.Contracts.Messaging;

/// <summary><c>POST /v1/agents/{ref}/subscriptions</c>. Unknown fields are refused (422).</summary>
public sealed record SubscriptionRequest
{
    /// <summary><c>message.delivered</c> or <c>message.digest</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EventType { get; init; }

    /// <summary><c>pull</c> (default) or <c>webhook</c> (needs this request's webhook_url or the agent's).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DeliveryTarget { get; init; }

    /// <summary>
    /// A webhook subscription's own target (SSRF-checked), overriding the agent's webhook_url and signed with a secret
    /// of its own; ignored for pull.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WebhookUrl { get; init; }

    /// <summary>Pushed message.delivered events carry the message body (payload.body); default false.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? InlineBody { get; init; }
}

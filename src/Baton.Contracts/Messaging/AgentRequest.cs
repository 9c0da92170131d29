using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Contracts.Messaging;

/// <summary>
/// <c>POST /v1/agents</c> and <c>PATCH /v1/agents/{ref}</c>. Unknown fields are refused (422). On PATCH only the
/// fields sent change, a <c>webhook_url</c> of JSON <c>null</c> makes the agent pull-only, and the slug cannot change.
/// </summary>
public sealed record AgentRequest
{
    /// <summary>1–255 characters; required on create.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DisplayName { get; init; }

    /// <summary><c>^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$</c>, unique per tenant; derived from the display name when omitted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Slug { get; init; }

    /// <summary>Where messages to this agent are pushed (signed); SSRF-checked.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WebhookUrl { get; init; }

    /// <summary>A JSON object, ≤10 KiB.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Metadata { get; init; }

    /// <summary>PATCH only: <c>online</c>, <c>offline</c> or <c>away</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }
}

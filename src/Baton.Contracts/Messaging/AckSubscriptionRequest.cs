using System.Text.Json.Serialization;

namespace Baton.Contracts.Messaging;

/// <summary><c>PATCH /v1/agents/{ref}/subscriptions/{id}/ack</c>: the id of the last event handled.</summary>
public sealed record AckSubscriptionRequest
{
    /// <summary>≥ 0 and ≤ the agent's newest event id; a lower value than the current one changes nothing.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? AckWatermark { get; init; }
}

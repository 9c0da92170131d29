using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Contracts.Messaging;

/// <summary>
/// <c>POST /v1/messages</c>, sent by the agent named in <c>X-Cueapi-From-Agent</c>, with an optional
/// <c>Idempotency-Key</c>. Unknown fields are refused (422).
/// </summary>
public sealed record SendMessageRequest
{
    /// <summary>The recipient: <c>agt_…</c>, a slug, or <c>slug@tenant</c>, of the same account.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? To { get; init; }

    /// <summary>1–32,768 characters.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Body { get; init; }

    /// <summary>≤255 characters.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subject { get; init; }

    /// <summary>The message this answers (<c>msg_…</c>); the reply joins its thread.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReplyTo { get; init; }

    /// <summary>1–5, default 3.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Priority { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ExpectsReply { get; init; }

    /// <summary>Where replies should go, when not to the sender.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReplyToAgent { get; init; }

    /// <summary>A JSON object, ≤10 KiB.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Metadata { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CorrelationId { get; init; }

    /// <summary>Deliver no earlier than this time.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>(ext) The execution this message is about, so the conversation shows beside the work.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? ExecutionId { get; init; }
}

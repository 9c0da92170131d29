using System.Text.Json;

namespace Baton.Contracts.Messaging;

/// <summary>One entry of an agent's event feed.</summary>
public sealed record AgentEventResponse
{
    /// <summary>Counts up from 1 per agent, without gaps; pass the last one seen as <c>since</c>.</summary>
    public required long Id { get; init; }

    public required string AgentId { get; init; }

    /// <summary><c>message.delivered</c> or <c>message.digest</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>The message of a <c>message.delivered</c> event; null for a digest.</summary>
    public string? MessageId { get; init; }

    /// <summary>
    /// message.delivered: <c>{message_id, from_agent_id, thread_id, subject, preview, priority, expects_reply,
    /// execution_id?}</c>; message.digest: <c>{count, message_ids, from_agent_ids}</c>.
    /// </summary>
    public required JsonElement Payload { get; init; }

    /// <summary>When the event was written (CueAPI's name).</summary>
    public required DateTimeOffset EmittedAt { get; init; }

    /// <summary>(ext) Push to a webhook subscription: <c>pending</c>, <c>sent</c> or <c>failed</c>; null for pull.</summary>
    public string? PushState { get; init; }

    /// <summary>(ext) Why the last push attempt failed.</summary>
    public string? PushError { get; init; }
}

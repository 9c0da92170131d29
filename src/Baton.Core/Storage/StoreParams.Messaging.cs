using Baton.Core.Messaging;

namespace Baton.Core.Storage;

// Agents and messages (IAgentStore, IMessageStore), one params record per operation.

public sealed record CreateAgentParams(
    string TenantId, string Id, string Slug, string DisplayName, string? WebhookUrl, string? WebhookSecret,
    string MetadataJson, DateTimeOffset? Now = null);

/// <summary>Finds by <c>Id</c> when set, else by <c>Slug</c>.</summary>
public sealed record GetAgentParams(string TenantId, string? Id = null, string? Slug = null, bool IncludeDeleted = false);

public sealed record ListAgentsParams(string TenantId)
{
    public string? Status { get; init; }
    public bool IncludeDeleted { get; init; }
    public int Limit { get; init; } = 50;
    public int Offset { get; init; }
}

/// <summary>
/// Sets every field given (null keeps the current value). <c>ClearWebhookUrl</c> removes the URL and its secret;
/// <c>WebhookSecret</c> replaces the secret.
/// </summary>
public sealed record UpdateAgentParams(string TenantId, string AgentId)
{
    public string? DisplayName { get; init; }
    public string? WebhookUrl { get; init; }
    public bool ClearWebhookUrl { get; init; }
    public string? WebhookSecret { get; init; }
    public string? Status { get; init; }
    public string? MetadataJson { get; init; }
    public DateTimeOffset? Now { get; init; }
}

public sealed record DeleteAgentParams(string TenantId, string AgentId, DateTimeOffset? Now = null);

public sealed record SendMessageParams(string TenantId, NewMessage Message, DateTimeOffset? Now = null);

/// <summary><c>Existing</c>: an idempotent replay; nothing new was stored.</summary>
/// <summary><c>PushesEvents</c>: the send wrote events for a webhook subscription to push.</summary>
public sealed record SendMessageResult(Message Message, bool Existing, bool PushesEvents = false);

public sealed record GetMessageParams(string TenantId, string MessageId);

/// <summary>
/// <c>States</c> empty means <see cref="DeliveryStates.Unread"/>. <c>CounterpartId</c>: only messages from that
/// agent. <c>Since</c>: only messages created after it.
/// </summary>
public sealed record ReadInboxParams(string TenantId, string AgentId)
{
    public IReadOnlyList<string> States { get; init; } = [];
    public DateTimeOffset? Since { get; init; }
    public string? ThreadId { get; init; }
    public string? CounterpartId { get; init; }
    public int Limit { get; init; } = 50;
    public int Offset { get; init; }
    public bool CountOnly { get; init; }
    public DateTimeOffset? Now { get; init; }
}

/// <summary><c>States</c> empty means every state; <c>CounterpartId</c>: only messages to that agent.</summary>
public sealed record ListSentParams(string TenantId, string AgentId)
{
    public IReadOnlyList<string> States { get; init; } = [];
    public DateTimeOffset? Since { get; init; }
    public string? ThreadId { get; init; }
    public string? CounterpartId { get; init; }
    public int Limit { get; init; } = 50;
    public int Offset { get; init; }
    public bool CountOnly { get; init; }
}

/// <summary><c>To</c> is <see cref="DeliveryStates.Read"/> or <see cref="DeliveryStates.Acked"/>.</summary>
public sealed record AdvanceMessageParams(string TenantId, string MessageId, string To, DateTimeOffset? Now = null);

/// <summary>A claim of due pushes: of messages, or of events to webhook subscriptions.</summary>
public sealed record ClaimMessagePushesParams(int Limit, int LeaseSeconds, DateTimeOffset? Now = null);

/// <summary>A push to send: the message and where its recipient takes pushes, signed with the agent's secret.</summary>
public sealed record MessagePush(Message Message, string WebhookUrl, string WebhookSecret, int Attempt);

/// <summary><c>RetryAt</c> null with <c>Sent</c> false: failed for good.</summary>
public sealed record RecordMessagePushParams(
    string MessageId, bool Sent, DateTimeOffset? RetryAt, string? Error, DateTimeOffset? Now = null);

using System.Text.Json;
using Baton.Contracts.Messaging;
using Baton.Core.Messaging;
using Baton.Core.Storage;

namespace Baton.Server.Validation;

/// <summary>Checks agent and message requests against the messaging limits and turns them into Core requests.</summary>
internal static class MessagingRequests
{
    public static readonly IReadOnlySet<string> CreateAgentFields =
        new HashSet<string>(StringComparer.Ordinal) { "display_name", "slug", "webhook_url", "metadata" };

    public static readonly IReadOnlySet<string> PatchAgentFields =
        new HashSet<string>(StringComparer.Ordinal) { "display_name", "webhook_url", "metadata", "status" };

    public static readonly IReadOnlySet<string> SendFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "to", "body", "subject", "reply_to", "priority", "expects_reply", "reply_to_agent", "metadata", "correlation_id",
        "send_at", "execution_id",
    };

    private const int ReferenceLength = 300;
    private const int CorrelationIdLength = 255;
    public const int WebhookUrlLength = 2048;

    public static AgentDraft ToAgentDraft(AgentRequest r)
    {
        var errors = new RequestErrors();
        errors.Required("display_name", r.DisplayName);
        errors.Length("display_name", r.DisplayName, Limits.NameLength, min: 1);
        if (r.Slug is not null && !AgentSlugs.IsValid(r.Slug))
        {
            errors.Add("slug", "must be 1–64 lower-case letters, digits or inner hyphens (^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$).");
        }

        errors.Length("webhook_url", r.WebhookUrl, WebhookUrlLength, min: 1);
        var metadata = errors.SmallObject("metadata", r.Metadata, Limits.MetadataBytes);
        errors.ThrowIfAny();
        return new AgentDraft(r.DisplayName!, r.Slug, r.WebhookUrl, metadata ?? "{}");
    }

    /// <summary>A PATCH: <paramref name="raw"/> tells a <c>webhook_url</c> sent as null (clear it) from one left out.</summary>
    public static UpdateAgentParams ToAgentUpdate(AgentRequest r, JsonElement raw, Agent current)
    {
        var errors = new RequestErrors();
        errors.Length("display_name", r.DisplayName, Limits.NameLength, min: 1);
        errors.Length("webhook_url", r.WebhookUrl, WebhookUrlLength, min: 1);
        if (r.Status is not null && !AgentStatuses.All.Contains(r.Status))
        {
            errors.Add("status", $"must be one of {string.Join(", ", AgentStatuses.All)}.");
        }

        if (raw.TryGetProperty("display_name", out var name) && name.ValueKind == JsonValueKind.Null)
        {
            errors.Add("display_name", "must not be null.");
        }

        var metadata = errors.SmallObject("metadata", r.Metadata, Limits.MetadataBytes);
        errors.ThrowIfAny();
        var clear = raw.TryGetProperty("webhook_url", out var url) && url.ValueKind == JsonValueKind.Null;
        return new UpdateAgentParams(current.TenantId, current.Id)
        {
            DisplayName = r.DisplayName,
            WebhookUrl = r.WebhookUrl,
            ClearWebhookUrl = clear,
            Status = r.Status,
            MetadataJson = metadata,
        };
    }

    public static MessageDraft ToMessageDraft(SendMessageRequest r, string? idempotencyKey)
    {
        var errors = new RequestErrors();
        errors.Required("to", r.To);
        errors.Length("to", r.To, ReferenceLength, min: 1);
        errors.Required("body", r.Body);
        errors.Length("body", r.Body, Messages.MaxBodyLength, min: 1);
        errors.Length("subject", r.Subject, Messages.MaxSubjectLength);
        errors.Length("reply_to", r.ReplyTo, ReferenceLength, min: 1);
        errors.Range("priority", r.Priority, Messages.MinPriority, Messages.MaxPriority);
        errors.Length("reply_to_agent", r.ReplyToAgent, ReferenceLength, min: 1);
        errors.Length("correlation_id", r.CorrelationId, CorrelationIdLength, min: 1);
        errors.Length("Idempotency-Key", idempotencyKey, Limits.IdempotencyKeyLength - 1, min: 1);
        var metadata = errors.SmallObject("metadata", r.Metadata, Messages.MaxMetadataBytes);
        errors.ThrowIfAny();

        // A first-class execution_id wins; metadata.execution_id (a UUID) names one too, as CueAPI clients send it.
        Guid? fromMetadata = null;
        if (r.Metadata is { ValueKind: JsonValueKind.Object } m &&
            m.TryGetProperty("execution_id", out var named) && named.ValueKind == JsonValueKind.String &&
            Guid.TryParse(named.GetString(), out var parsed))
        {
            fromMetadata = parsed;
        }

        return new MessageDraft
        {
            To = r.To!,
            Body = r.Body!,
            Subject = r.Subject,
            ReplyTo = r.ReplyTo,
            Priority = r.Priority ?? Messages.DefaultPriority,
            ExpectsReply = r.ExpectsReply ?? false,
            ReplyToAgent = r.ReplyToAgent,
            MetadataJson = metadata ?? "{}",
            CorrelationId = r.CorrelationId,
            SendAt = r.SendAt,
            ExecutionId = r.ExecutionId,
            MetadataExecutionId = r.ExecutionId is null ? fromMetadata : null,
        };
    }

    /// <summary>The inbox and sent query string; <c>wait</c> only where <paramref name="allowWait"/>.</summary>
    public static InboxQuery ToInboxQuery(IQueryCollection query, bool allowWait)
    {
        var errors = new RequestErrors();
        var q = new QueryParameters(query, errors);
        var states = q.List("state");
        foreach (var state in states.Where(s => !DeliveryStates.All.Contains(s)))
        {
            errors.Add("state", $"'{state}' is not one of {string.Join(", ", DeliveryStates.All)}.");
        }

        var result = new InboxQuery
        {
            States = states,
            Since = q.Time("since"),
            ThreadId = q.String("thread_id", ReferenceLength),
            Counterpart = q.String("counterpart", ReferenceLength),
            Limit = q.Int("limit", 50, 1, 200),
            Offset = q.Int("offset", 0, 0, int.MaxValue),
            CountOnly = q.Bool("count_only"),
            Wait = TimeSpan.FromSeconds(allowWait ? q.Int("wait", 0, 0, Messages.MaxWaitSeconds) : 0),
        };
        errors.ThrowIfAny();
        return result;
    }
}

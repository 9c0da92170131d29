using Baton.Contracts.Messaging;
using Baton.Core.Messaging;

namespace Baton.Server.Mapping;

/// <summary>Agents and messages on the wire.</summary>
internal static class MessagingMapping
{
    /// <summary>The secret is shown only by the answer that made it (<paramref name="showSecret"/>).</summary>
    public static AgentResponse ToResponse(this Agent a, bool showSecret = false) => new()
    {
        Id = a.Id,
        UserId = a.TenantId,
        Slug = a.Slug,
        DisplayName = a.DisplayName,
        WebhookUrl = a.WebhookUrl,
        WebhookSecret = showSecret ? a.WebhookSecret : null,
        Metadata = JsonText.ParseObject(a.MetadataJson),
        Status = a.Status,
        DeletedAt = a.DeletedAt,
        CreatedAt = a.CreatedAt,
        UpdatedAt = a.UpdatedAt,
    };

    public static MessageResponse ToResponse(this Message m) => new()
    {
        Id = m.Id,
        UserId = m.TenantId,
        FromAgentId = m.FromAgentId,
        ToAgentId = m.ToAgentId,
        ThreadId = m.ThreadId,
        ReplyTo = m.ReplyTo,
        Subject = m.Subject,
        Body = m.Body,
        Preview = m.Preview,
        Priority = m.Priority,
        ExpectsReply = m.ExpectsReply,
        ReplyToAgentId = m.ReplyToAgentId,
        DeliveryState = m.DeliveryState,
        Metadata = JsonText.ParseObject(m.MetadataJson),
        IdempotencyKey = m.IdempotencyKey,
        CreatedAt = m.CreatedAt,
        DeliveredAt = m.DeliveredAt,
        ReadAt = m.ReadAt,
        AckedAt = m.AckedAt,
        SendAt = m.SendAt,
        ExpiresAt = m.ExpiresAt,
        CorrelationId = m.CorrelationId,
        ExecutionId = m.ExecutionId,
        PushState = m.PushState,
        PushError = m.PushError,
    };

    public static MessageListResponse ToResponse(this MessagePage page, int limit, int offset) => new()
    {
        Messages = [.. page.Items.Select(m => m.ToResponse())],
        Total = page.Total,
        Limit = limit,
        Offset = offset,
    };

    public static RosterEntry ToRosterEntry(this Agent a, DateTimeOffset now) => new()
    {
        Name = a.Slug,
        DisplayName = a.DisplayName,
        Description = JsonText.ParseObject(a.MetadataJson).TryGetProperty("description", out var d) &&
                      d.ValueKind == System.Text.Json.JsonValueKind.String
            ? d.GetString()
            : null,
        Online = a.Status == AgentStatuses.Online,
        LastSeenRelative = Relative(now - a.UpdatedAt),
        PreferredContact = a.WebhookUrl is null ? "inbox" : "webhook",
        Status = a.Status,
    };

    /// <summary>Bucketed, so the roster (and its ETag) does not change every second.</summary>
    private static string Relative(TimeSpan ago) => ago switch
    {
        { TotalMinutes: < 1 } => "just now",
        { TotalHours: < 1 } => $"{(int)ago.TotalMinutes}m ago",
        { TotalDays: < 1 } => $"{(int)ago.TotalHours}h ago",
        _ => $"{(int)ago.TotalDays}d ago",
    };
}

using Baton.Contracts.Messaging;
using Baton.Core.Messaging;

namespace Baton.Server.Mapping;

/// <summary>Subscriptions and agent events on the wire.</summary>
internal static class SubscriptionMapping
{
    /// <summary><paramref name="showSecret"/>: the answer that made the subscription shows its own secret.</summary>
    public static SubscriptionResponse ToResponse(this Subscription s, bool showSecret = false) => new()
    {
        Id = s.Id,
        UserId = s.TenantId,
        AgentId = s.AgentId,
        EventType = s.EventType,
        DeliveryTarget = s.DeliveryTarget,
        AckWatermark = s.AckWatermark,
        WebhookUrl = s.WebhookUrl,
        WebhookSecret = showSecret ? s.WebhookSecret : null,
        InlineBody = s.InlineBody,
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
    };

    public static AgentEventListResponse ToResponse(this AgentEventPage page, long since) => new()
    {
        Events = [.. page.Items.Select(e => e.ToResponse())],
        NextCursor = page.Items.Count > 0 ? page.Items[^1].Id : since,
        LastEventId = page.LastEventId,
    };

    public static AgentEventResponse ToResponse(this AgentEvent e) => new()
    {
        Id = e.Id,
        AgentId = e.AgentId,
        EventType = e.EventType,
        MessageId = e.MessageId,
        Payload = JsonText.ParseObject(e.DataJson),
        EmittedAt = e.CreatedAt,
        PushState = e.PushState,
        PushError = e.PushError,
    };
}

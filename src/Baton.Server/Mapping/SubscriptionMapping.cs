using Baton.Contracts.Messaging;
using Baton.Core.Messaging;

namespace Baton.Server.Mapping;

/// <summary>Subscriptions and agent events on the wire.</summary>
internal static class SubscriptionMapping
{
    public static SubscriptionResponse ToResponse(this Subscription s) => new()
    {
        Id = s.Id,
        UserId = s.TenantId,
        AgentId = s.AgentId,
        EventType = s.EventType,
        DeliveryTarget = s.DeliveryTarget,
        AckWatermark = s.AckWatermark,
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
    };

    public static AgentEventListResponse ToResponse(this AgentEventPage page, long since) => new()
    {
        Events = [.. page.Items.Select(e => new AgentEventResponse
        {
            Id = e.Id,
            AgentId = e.AgentId,
            EventType = e.EventType,
            MessageId = e.MessageId,
            Payload = JsonText.ParseObject(e.DataJson),
            EmittedAt = e.CreatedAt,
        })],
        NextCursor = page.Items.Count > 0 ? page.Items[^1].Id : since,
        LastEventId = page.LastEventId,
    };
}

using Baton.Contracts.Messaging;
using Baton.Core.Messaging;

namespace Baton.Server.Validation;

/// <summary>Checks subscription requests and event feed queries and turns them into Core requests.</summary>
internal static class SubscriptionRequests
{
    public static readonly IReadOnlySet<string> CreateFields =
        new HashSet<string>(StringComparer.Ordinal) { "event_type", "delivery_target", "webhook_url", "inline_body" };

    public static readonly IReadOnlySet<string> AckFields = new HashSet<string>(StringComparer.Ordinal) { "ack_watermark" };

    private const int MaxEventLimit = 200;

    /// <summary>The checked request; its webhook_url is still to be checked against the SSRF rules.</summary>
    public static SubscriptionDraft ToSubscription(SubscriptionRequest r)
    {
        var errors = new RequestErrors();
        errors.Required("event_type", r.EventType);
        if (r.EventType is not null) OneOf(errors, "event_type", r.EventType, AgentEventTypes.All);
        if (r.DeliveryTarget is not null) OneOf(errors, "delivery_target", r.DeliveryTarget, DeliveryTargets.All);
        errors.Length("webhook_url", r.WebhookUrl, MessagingRequests.WebhookUrlLength, min: 1);
        errors.ThrowIfAny();
        return new SubscriptionDraft(r.EventType!, r.DeliveryTarget ?? DeliveryTargets.Pull, r.WebhookUrl, r.InlineBody ?? false);
    }

    public static long ToWatermark(AckSubscriptionRequest r)
    {
        var errors = new RequestErrors();
        errors.Required("ack_watermark", r.AckWatermark);
        errors.Range("ack_watermark", r.AckWatermark, 0, long.MaxValue);
        errors.ThrowIfAny();
        return r.AckWatermark!.Value;
    }

    public static AgentEventQuery ToEventQuery(IQueryCollection query)
    {
        var errors = new RequestErrors();
        var q = new QueryParameters(query, errors);
        var type = q.String("event_type", 64);
        if (type is not null) OneOf(errors, "event_type", type, AgentEventTypes.All);
        var result = new AgentEventQuery
        {
            Since = q.Long("since", 0, 0, long.MaxValue),
            Limit = q.Int("limit", 50, 1, MaxEventLimit),
            EventType = type,
            Wait = TimeSpan.FromSeconds(q.Int("wait", 0, 0, Messages.MaxWaitSeconds)),
        };
        errors.ThrowIfAny();
        return result;
    }

    private static void OneOf(RequestErrors errors, string field, string value, IReadOnlyList<string> allowed)
    {
        if (!allowed.Contains(value)) errors.Add(field, $"must be one of {string.Join(", ", allowed)}.");
    }
}

using Baton.Core.Messaging;

namespace Baton.Core.Storage;

/// <summary>
/// Agents' subscriptions and event feeds. A message's events are written when it enters its recipient's inbox: in
/// the send's transaction when it is due at once, else by the first send to or feed read of that agent after its
/// send_at (under the agent's lock, so each agent's event ids are handed out in commit order without gaps).
/// </summary>
public interface IAgentEventStore
{
    /// <summary>A new subscription; one the agent already has for that event type throws subscription_exists.</summary>
    Task<Subscription> CreateSubscriptionAsync(CreateSubscriptionParams p, CancellationToken ct);

    Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(ListSubscriptionsParams p, CancellationToken ct);

    /// <summary>
    /// Moves the watermark forward (a lower one changes nothing); one past the agent's newest event throws
    /// ack_watermark_ahead; an unknown subscription throws subscription_not_found.
    /// </summary>
    Task<Subscription> AckSubscriptionAsync(AckSubscriptionParams p, CancellationToken ct);

    /// <summary>False when the agent has no such subscription.</summary>
    Task<bool> DeleteSubscriptionAsync(DeleteSubscriptionParams p, CancellationToken ct);

    /// <summary>
    /// The agent's events after <c>Since</c>, oldest first, after first writing the events of messages that have
    /// come due since the last look.
    /// </summary>
    Task<AgentEventPage> ReadAgentEventsAsync(ReadAgentEventsParams p, CancellationToken ct);

    /// <summary>
    /// The pushes to webhook subscriptions due now, across tenants, each leased for <c>LeaseSeconds</c> (SKIP LOCKED
    /// on PostgreSQL), after first writing the events of messages come due for agents with a webhook subscription
    /// (nobody may read those feeds). An event whose subscription no longer pushes, or has no URL to push to, fails.
    /// </summary>
    Task<IReadOnlyList<EventPush>> ClaimEventPushesAsync(ClaimMessagePushesParams p, CancellationToken ct);

    /// <summary>Records how a push went: sent (moving the ack watermark), failed for good, or due again at <c>RetryAt</c>.</summary>
    Task RecordEventPushAsync(RecordEventPushParams p, CancellationToken ct);
}

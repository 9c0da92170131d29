using Baton.Core.Notifications;
using Baton.Core.Storage;

namespace Baton.Core.Messaging;

/// <summary>
/// Agents' subscriptions and event feeds. A feed read that finds nothing may park on the agent's inbox topic: every
/// message entering the inbox wakes it, on any node, as it wakes a parked inbox read.
/// </summary>
public sealed class AgentEventService(IAgentEventStore store, AgentService agents, Parking parking, TimeProvider time)
{
    public const string SubscriptionIdPrefix = "sub_";

    /// <summary>
    /// A new subscription. A webhook subscription pushes to its own <c>webhook_url</c> (with a secret of its own,
    /// returned once) or else to the agent's, which it then needs; a pull subscription ignores a URL.
    /// </summary>
    public async Task<Subscription> SubscribeAsync(string tenantId, string agentReference, SubscriptionDraft draft, CancellationToken ct)
    {
        var agent = await agents.ResolveAsync(tenantId, agentReference, ct);
        var webhook = draft.DeliveryTarget == DeliveryTargets.Webhook;
        var ownUrl = webhook ? draft.WebhookUrl : null;
        if (webhook && ownUrl is null && agent.WebhookUrl is null) throw Errors.WebhookTargetNeedsUrl();
        return await store.CreateSubscriptionAsync(
            new CreateSubscriptionParams(
                tenantId, agent.Id, SubscriptionIdPrefix + Ids.RandomToken(12), draft.EventType, draft.DeliveryTarget, time.GetUtcNow())
            {
                WebhookUrl = ownUrl,
                WebhookSecret = ownUrl is null ? null : AgentService.NewSecret(),
                InlineBody = draft.InlineBody,
            },
            ct);
    }

    public async Task<IReadOnlyList<Subscription>> ListAsync(string tenantId, string agentReference, CancellationToken ct)
    {
        var agent = await agents.ResolveAsync(tenantId, agentReference, ct);
        return await store.ListSubscriptionsAsync(new ListSubscriptionsParams(tenantId, agent.Id), ct);
    }

    public async Task<Subscription> AckAsync(
        string tenantId, string agentReference, string subscriptionId, long watermark, CancellationToken ct)
    {
        var agent = await agents.ResolveAsync(tenantId, agentReference, ct);
        return await store.AckSubscriptionAsync(
            new AckSubscriptionParams(tenantId, agent.Id, subscriptionId, watermark, time.GetUtcNow()), ct);
    }

    public async Task DeleteAsync(string tenantId, string agentReference, string subscriptionId, CancellationToken ct)
    {
        var agent = await agents.ResolveAsync(tenantId, agentReference, ct);
        if (!await store.DeleteSubscriptionAsync(new DeleteSubscriptionParams(tenantId, agent.Id, subscriptionId), ct))
        {
            throw Errors.SubscriptionNotFound();
        }
    }

    /// <summary>
    /// The agent's events after the cursor. With a wait, a read that finds nothing parks until a message enters the
    /// inbox (on any node, or a message sent for later comes due) or the wait ends, and then answers with what it finds.
    /// </summary>
    public async Task<AgentEventPage> ReadAsync(string tenantId, string agentReference, AgentEventQuery query, CancellationToken ct)
    {
        var agent = await agents.ResolveAsync(tenantId, agentReference, ct);
        Task<AgentEventPage> Look(CancellationToken look) => store.ReadAgentEventsAsync(new ReadAgentEventsParams(tenantId, agent.Id)
        {
            Since = query.Since,
            Limit = query.Limit,
            EventType = query.EventType,
            Now = time.GetUtcNow(),
        }, look);

        if (query.Wait <= TimeSpan.Zero) return await Look(ct);
        return await parking.UntilAsync(Topics.Inbox(agent.Id), Look, p => p.Items.Count > 0, query.Wait, ct);
    }
}

using Baton.Core;
using Baton.Core.Messaging;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    private Task<Subscription> SubscribeWebhookAsync(Agent agent, string eventType, string? url = null, bool inlineBody = false) =>
        Store.CreateSubscriptionAsync(
            new CreateSubscriptionParams(TenantA, agent.Id, "sub_" + Ids.RandomToken(12), eventType, DeliveryTargets.Webhook, Now)
            {
                WebhookUrl = url,
                WebhookSecret = url is null ? null : "whsec_sub",
                InlineBody = inlineBody,
            },
            Ct);

    private Task<IReadOnlyList<EventPush>> ClaimEventPushesAsync(IBatonStore? store = null) =>
        (store ?? Store).ClaimEventPushesAsync(new ClaimMessagePushesParams(10, 60, Now), Ct);

    private Task RecordEventPushAsync(Agent agent, long id, bool sent, DateTimeOffset? retryAt = null) =>
        Store.RecordEventPushAsync(new RecordEventPushParams(agent.Id, id, sent, retryAt, sent ? null : "HTTP 500", Now), Ct);

    private async Task<long> WatermarkAsync(Agent agent, string subscriptionId) =>
        (await Store.ListSubscriptionsAsync(new ListSubscriptionsParams(TenantA, agent.Id), Ct)).Single(s => s.Id == subscriptionId).AckWatermark;

    [Fact]
    public async Task Only_a_webhook_subscriptions_events_are_pushed_each_claimed_once_per_lease_to_the_agents_url()
    {
        var sender = await CreateAgentAsync("sender");
        var agent = await CreateAgentAsync("hooked", webhookUrl: "https://example.com/agent");
        await SubscribeWebhookAsync(agent, AgentEventTypes.Delivered);
        await SubscribeAsync(agent, AgentEventTypes.Digest); // pull: its events stay in the feed only
        var m = await SendAsync(NewMessage(sender, agent, "one"));
        var other = await OpenStoreAsync();

        var first = await ClaimEventPushesAsync();
        Assert.Empty(await ClaimEventPushesAsync(other));
        var push = Assert.Single(first);
        Assert.Equal((AgentEventTypes.Delivered, m.Id, "https://example.com/agent", "whsec_test", 1, (string?)null),
            (push.Event.EventType, push.Event.MessageId, push.WebhookUrl, push.WebhookSecret, push.Attempt, push.Body));
        var feed = await EventsAsync(agent);
        Assert.Equal([("pending", AgentEventTypes.Delivered), (null, AgentEventTypes.Digest)], feed.Items.Select(e => (e.PushState, e.EventType)));

        await RecordEventPushAsync(agent, push.Event.Id, sent: false, retryAt: Now.AddSeconds(5));
        Assert.Empty(await ClaimEventPushesAsync(other));
        Time.Advance(TimeSpan.FromSeconds(5));
        var again = Assert.Single(await ClaimEventPushesAsync(other));
        Assert.Equal((push.Event.Id, 2), (again.Event.Id, again.Attempt));
        await RecordEventPushAsync(agent, push.Event.Id, sent: true);
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await ClaimEventPushesAsync());
        Assert.Equal("sent", (await EventsAsync(agent)).Items[0].PushState);
    }

    [Fact]
    public async Task A_sent_push_moves_the_watermark_only_past_events_whose_pushes_are_all_sent()
    {
        var sender = await CreateAgentAsync("sender");
        var agent = await CreateAgentAsync("hooked", webhookUrl: "https://example.com/agent");
        var sub = await SubscribeWebhookAsync(agent, AgentEventTypes.Delivered);
        for (var i = 0; i < 4; i++) await SendAsync(NewMessage(sender, agent, "m" + i));
        Assert.Equal([1L, 2L, 3L, 4L], (await ClaimEventPushesAsync()).Select(p => p.Event.Id));

        await RecordEventPushAsync(agent, 2, sent: true);
        Assert.Equal(0, await WatermarkAsync(agent, sub.Id)); // 1 is still pending
        await RecordEventPushAsync(agent, 1, sent: true);
        Assert.Equal(2, await WatermarkAsync(agent, sub.Id));
        await RecordEventPushAsync(agent, 3, sent: false); // failed for good: the watermark stops before it
        await RecordEventPushAsync(agent, 4, sent: true);
        Assert.Equal(2, await WatermarkAsync(agent, sub.Id));

        // The subscriber acks past the failed push itself; later sent pushes move on from there.
        await Store.AckSubscriptionAsync(new AckSubscriptionParams(TenantA, agent.Id, sub.Id, 3, Now), Ct);
        Assert.Equal(3, await WatermarkAsync(agent, sub.Id));
        var fifth = await SendAsync(NewMessage(sender, agent, "m5"));
        var push = Assert.Single(await ClaimEventPushesAsync());
        Assert.Equal(fifth.Id, push.Event.MessageId);
        await RecordEventPushAsync(agent, push.Event.Id, sent: true);
        Assert.Equal(5, await WatermarkAsync(agent, sub.Id));
    }

    [Fact]
    public async Task A_subscriptions_own_url_and_secret_override_the_agents_and_inline_body_carries_the_body()
    {
        var sender = await CreateAgentAsync("sender");
        var agent = await CreateAgentAsync("plain"); // no webhook_url of its own
        var sub = await SubscribeWebhookAsync(agent, AgentEventTypes.Delivered, url: "https://example.com/sub", inlineBody: true);
        var listed = Assert.Single(await Store.ListSubscriptionsAsync(new ListSubscriptionsParams(TenantA, agent.Id), Ct));
        Assert.Equal(("https://example.com/sub", "whsec_sub", true), (listed.WebhookUrl, listed.WebhookSecret, listed.InlineBody));
        Assert.Equal(sub, listed);

        await SendAsync(NewMessage(sender, agent, "naïve café ✓"));
        var push = Assert.Single(await ClaimEventPushesAsync());

        Assert.Equal((sub.Id, "https://example.com/sub", "whsec_sub", "naïve café ✓"), (push.SubscriptionId, push.WebhookUrl, push.WebhookSecret, push.Body));
    }

    [Fact]
    public async Task A_message_sent_for_later_is_pushed_when_due_without_anyone_reading_the_feed()
    {
        var sender = await CreateAgentAsync("sender");
        var agent = await CreateAgentAsync("hooked", webhookUrl: "https://example.com/agent");
        await SubscribeWebhookAsync(agent, AgentEventTypes.Delivered);
        var later = await SendAsync(NewMessage(sender, agent, "later", sendAt: Now.AddMinutes(5)));

        Assert.Empty(await ClaimEventPushesAsync());
        Time.Advance(TimeSpan.FromMinutes(5));
        var push = Assert.Single(await ClaimEventPushesAsync());

        Assert.Equal((1L, later.Id), (push.Event.Id, push.Event.MessageId));
        Assert.Equal(1, (await EventsAsync(agent)).LastEventId);
    }

    [Fact]
    public async Task An_event_whose_subscription_is_gone_fails_instead_of_being_pushed()
    {
        var sender = await CreateAgentAsync("sender");
        var agent = await CreateAgentAsync("hooked", webhookUrl: "https://example.com/agent");
        var sub = await SubscribeWebhookAsync(agent, AgentEventTypes.Delivered);
        await SendAsync(NewMessage(sender, agent));
        Assert.True(await Store.DeleteSubscriptionAsync(new DeleteSubscriptionParams(TenantA, agent.Id, sub.Id), Ct));

        Assert.Empty(await ClaimEventPushesAsync());
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await ClaimEventPushesAsync());
        var e = Assert.Single((await EventsAsync(agent)).Items);
        Assert.Equal("failed", e.PushState);
        Assert.NotNull(e.PushError);
    }
}

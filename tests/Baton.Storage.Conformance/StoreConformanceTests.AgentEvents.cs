using System.Collections.Concurrent;
using System.Text.Json;
using Baton.Core;
using Baton.Core.Messaging;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    private Task<Subscription> SubscribeAsync(Agent agent, string eventType, string tenant = TenantA) =>
        Store.CreateSubscriptionAsync(
            new CreateSubscriptionParams(tenant, agent.Id, "sub_" + Ids.RandomToken(12), eventType, DeliveryTargets.Pull, Now), Ct);

    private Task<AgentEventPage> EventsAsync(Agent agent, long since = 0, string? type = null, IBatonStore? store = null, int limit = 50) =>
        (store ?? Store).ReadAgentEventsAsync(new ReadAgentEventsParams(TenantA, agent.Id)
        {
            Since = since,
            EventType = type,
            Limit = limit,
            Now = Now,
        }, Ct);

    [Fact]
    public async Task An_agent_has_one_subscription_per_event_type_listed_until_deleted_and_only_in_its_tenant()
    {
        var agent = await CreateAgentAsync("listener");
        var delivered = await SubscribeAsync(agent, AgentEventTypes.Delivered);
        var digest = await SubscribeAsync(agent, AgentEventTypes.Digest);

        var again = await Assert.ThrowsAsync<BatonException>(() => SubscribeAsync(agent, AgentEventTypes.Delivered));
        Assert.Equal("subscription_exists", again.Code);
        Assert.Equal(new[] { delivered.Id, digest.Id }.Order(),
            (await Store.ListSubscriptionsAsync(new ListSubscriptionsParams(TenantA, agent.Id), Ct)).Select(s => s.Id).Order());
        Assert.Empty(await Store.ListSubscriptionsAsync(new ListSubscriptionsParams(TenantB, agent.Id), Ct));
        Assert.False(await Store.DeleteSubscriptionAsync(new DeleteSubscriptionParams(TenantB, agent.Id, delivered.Id), Ct));

        Assert.True(await Store.DeleteSubscriptionAsync(new DeleteSubscriptionParams(TenantA, agent.Id, delivered.Id), Ct));
        Assert.False(await Store.DeleteSubscriptionAsync(new DeleteSubscriptionParams(TenantA, agent.Id, delivered.Id), Ct));
        Assert.Equal([digest.Id], (await Store.ListSubscriptionsAsync(new ListSubscriptionsParams(TenantA, agent.Id), Ct)).Select(s => s.Id));
    }

    [Fact]
    public async Task Each_message_makes_one_delivered_event_and_a_digest_only_when_the_inbox_held_nothing_unread()
    {
        var sender = await CreateAgentAsync("sender");
        var agent = await CreateAgentAsync("listener");
        await SubscribeAsync(agent, AgentEventTypes.Delivered);
        await SubscribeAsync(agent, AgentEventTypes.Digest);

        var first = await SendAsync(NewMessage(sender, agent, "one"));
        var second = await SendAsync(NewMessage(sender, agent, "two"));
        var page = await EventsAsync(agent);

        Assert.Equal([1L, 2L, 3L], page.Items.Select(e => e.Id));
        Assert.Equal(3, page.LastEventId);
        Assert.Equal(
            [(AgentEventTypes.Delivered, first.Id), (AgentEventTypes.Digest, null), (AgentEventTypes.Delivered, second.Id)],
            page.Items.Select(e => (e.EventType, e.MessageId)));
        Assert.Contains(first.Id, page.Items[1].DataJson, StringComparison.Ordinal);
        using (var data = JsonDocument.Parse(page.Items[0].DataJson))
        {
            Assert.Equal(sender.Id, data.RootElement.GetProperty("from_agent_id").GetString());
        }

        // Once everything is read, the next message makes a digest again.
        foreach (var m in new[] { first, second })
        {
            await Store.AdvanceMessageAsync(new AdvanceMessageParams(TenantA, m.Id, DeliveryStates.Acked, Now), Ct);
        }

        var third = await SendAsync(NewMessage(sender, agent, "three"));
        var later = await EventsAsync(agent, since: 3);
        Assert.Equal([(4L, AgentEventTypes.Delivered, third.Id), (5L, AgentEventTypes.Digest, null)],
            later.Items.Select(e => (e.Id, e.EventType, e.MessageId)));
        Assert.Equal([4L], (await EventsAsync(agent, since: 3, type: AgentEventTypes.Delivered)).Items.Select(e => e.Id));
    }

    [Fact]
    public async Task Messages_before_any_subscription_make_no_events_and_are_not_replayed_by_a_later_one()
    {
        var sender = await CreateAgentAsync("sender");
        var agent = await CreateAgentAsync("listener");
        await SendAsync(NewMessage(sender, agent, "early"));
        await SendAsync(NewMessage(sender, agent, "for later", sendAt: Now.AddMinutes(5)));

        await SubscribeAsync(agent, AgentEventTypes.Delivered);
        Assert.Empty((await EventsAsync(agent)).Items);
        var late = await SendAsync(NewMessage(sender, agent, "late"));

        // The message sent for later comes due after the subscription: it is an arrival the subscriber hears of.
        Time.Advance(TimeSpan.FromMinutes(6));
        var page = await EventsAsync(agent);
        Assert.Equal(2, page.Items.Count);
        Assert.Equal(late.Id, page.Items[0].MessageId);
        Assert.Contains("for later", page.Items[1].DataJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_sent_for_later_enters_the_feed_only_after_its_send_at()
    {
        var sender = await CreateAgentAsync("sender");
        var agent = await CreateAgentAsync("listener");
        await SubscribeAsync(agent, AgentEventTypes.Delivered);
        var later = await SendAsync(NewMessage(sender, agent, "later", sendAt: Now.AddMinutes(10)));

        Assert.Empty((await EventsAsync(agent)).Items);
        Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty((await EventsAsync(agent)).Items);
        Time.Advance(TimeSpan.FromMinutes(2));

        var page = await EventsAsync(agent);
        Assert.Equal([(1L, later.Id)], page.Items.Select(e => (e.Id, e.MessageId)));
        Assert.Single((await EventsAsync(agent)).Items); // read again: written once
    }

    [Fact]
    public async Task An_ack_watermark_moves_forward_only_and_never_past_the_newest_event()
    {
        var sender = await CreateAgentAsync("sender");
        var agent = await CreateAgentAsync("listener");
        var sub = await SubscribeAsync(agent, AgentEventTypes.Delivered);
        await SendAsync(NewMessage(sender, agent, "one"));
        await SendAsync(NewMessage(sender, agent, "two"));
        AckSubscriptionParams Ack(long w, string tenant = TenantA) => new(tenant, agent.Id, sub.Id, w, Now);

        Assert.Equal(2, (await Store.AckSubscriptionAsync(Ack(2), Ct)).AckWatermark);
        Assert.Equal(2, (await Store.AckSubscriptionAsync(Ack(1), Ct)).AckWatermark);
        var ahead = await Assert.ThrowsAsync<BatonException>(() => Store.AckSubscriptionAsync(Ack(3), Ct));
        Assert.Equal("ack_watermark_ahead", ahead.Code);
        var foreign = await Assert.ThrowsAsync<BatonException>(() => Store.AckSubscriptionAsync(Ack(1, TenantB), Ct));
        Assert.Equal("subscription_not_found", foreign.Code);
        Assert.Equal(2, (await Store.ListSubscriptionsAsync(new ListSubscriptionsParams(TenantA, agent.Id), Ct))[0].AckWatermark);
    }

    [Fact]
    public async Task Concurrent_senders_and_a_feed_reader_see_every_event_once_with_ids_that_have_no_gaps()
    {
        const int perSender = 100;
        var agent = await CreateAgentAsync("listener");
        var senders = new[] { await CreateAgentAsync("s1"), await CreateAgentAsync("s2") };
        await SubscribeAsync(agent, AgentEventTypes.Delivered);
        var stores = new[] { await OpenStoreAsync(), await OpenStoreAsync(), await OpenStoreAsync() };

        var sent = new ConcurrentBag<string>();
        var writers = senders.Select((s, n) => Task.Run(async () =>
        {
            for (var i = 0; i < perSender; i++)
            {
                var m = await SendAsync(NewMessage(s, agent, $"{n}-{i}"), stores[n]);
                sent.Add(m.Id);
            }
        }, Ct)).ToArray();

        // The reader follows the feed while it is written: a cursor that passed an id whose transaction committed
        // later would never see that event.
        var seen = new List<AgentEvent>();
        var reader = Task.Run(async () =>
        {
            long since = 0;
            while (seen.Count < perSender * senders.Length)
            {
                // Whether the writers were done is taken before the read: a writer finishing during the read may
                // have committed after the read's snapshot, and an empty page then is no proof of the end.
                var writersDone = writers.All(w => w.IsCompleted);
                var page = await EventsAsync(agent, since, store: stores[2], limit: 7);
                seen.AddRange(page.Items);
                if (page.Items.Count > 0) since = page.Items[^1].Id;
                else if (writersDone && page.LastEventId == since) break;
            }
        }, Ct);
        await Task.WhenAll(writers);
        await reader;

        Assert.Equal(Enumerable.Range(1, perSender * senders.Length).Select(i => (long)i), seen.Select(e => e.Id));
        Assert.Equal(sent.Order(), seen.Select(e => e.MessageId!).Order());
    }

    [Fact]
    public async Task An_executions_messages_are_listed_oldest_first_and_only_for_its_tenant()
    {
        var execution = await EnqueueOneAsync();
        var a = await CreateAgentAsync("a");
        var b = await CreateAgentAsync("b");
        var first = await SendAsync(NewMessage(a, b, "please review") with { ExecutionId = execution.Id });
        await SendAsync(NewMessage(a, b, "unrelated"));
        var reply = await SendAsync(NewMessage(b, a, "done", replyTo: first.Id) with { ExecutionId = execution.Id });

        var listed = await Store.ListExecutionMessagesAsync(new ListExecutionMessagesParams(TenantA, execution.Id), Ct);
        Assert.Equal([first.Id, reply.Id], listed.Select(m => m.Id));
        Assert.All(listed, m => Assert.Equal(execution.Id, m.ExecutionId));
        Assert.Empty(await Store.ListExecutionMessagesAsync(new ListExecutionMessagesParams(TenantB, execution.Id), Ct));
    }
}

using System.Collections.Concurrent;
using Baton.Core;
using Baton.Core.Messaging;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    protected static NewMessage NewMessage(
        Agent from, Agent to, string body = "hello", string? key = null, string? hash = null, string? replyTo = null,
        DateTimeOffset? sendAt = null, int priority = Messages.DefaultPriority, bool push = false) => new()
        {
            Id = "msg_" + Ids.RandomToken(12),
            FromAgentId = from.Id,
            ToAgentId = to.Id,
            Body = body,
            IdempotencyKey = key,
            RequestHash = hash,
            ReplyTo = replyTo,
            SendAt = sendAt,
            Priority = priority,
            Push = push,
        };

    protected async Task<Message> SendAsync(NewMessage message, IBatonStore? store = null) =>
        (await (store ?? Store).SendMessageAsync(new SendMessageParams(TenantA, message, Now), Ct)).Message;

    private Task<MessagePage> InboxAsync(Agent agent, IBatonStore? store = null, int limit = 50, params string[] states) =>
        (store ?? Store).ReadInboxAsync(new ReadInboxParams(TenantA, agent.Id) { States = states, Limit = limit, Now = Now }, Ct);

    [Fact]
    public async Task Two_concurrent_inbox_readers_receive_each_of_1000_queued_messages_as_new_exactly_once()
    {
        const int messages = 1_000;
        var sender = await CreateAgentAsync("sender");
        var reader = await CreateAgentAsync("reader");
        for (var i = 0; i < messages; i++) await SendAsync(NewMessage(sender, reader, "m" + i, priority: 1 + i % 5));

        var stores = new[] { await OpenStoreAsync(), await OpenStoreAsync() };
        var received = new ConcurrentBag<(int Reader, string Id)>();
        using var start = new Barrier(stores.Length);
        var readers = stores.Select((store, n) => Task.Factory.StartNew(async () =>
        {
            start.SignalAndWait(Ct);
            while (true)
            {
                var page = await InboxAsync(reader, store, limit: 1 + n * 7, DeliveryStates.Queued);
                foreach (var id in page.NewlyDelivered) received.Add((n, id));
                // Every message this read returned is one it moved: a queued-only read never hands out another's.
                Assert.Equal(page.Items.Select(m => m.Id).Order(), page.NewlyDelivered.Order());
                Assert.All(page.Items, m => Assert.Equal(DeliveryStates.Delivered, m.DeliveryState));
                if (page.Items.Count == 0) return;
            }
        }, Ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToArray();
        await Task.WhenAll(readers);

        Assert.Equal(messages, received.Count);
        Assert.Equal(messages, received.Select(r => r.Id).Distinct().Count());
        // Not asserted: that both readers won some reads. SQLite has one writer and its busy handler backs off in
        // sleeps, so on a quiet machine one reader can drain all 125 pages before the other's first retry (seen in CI).
        var rows = await Store.ReadInboxAsync(
            new ReadInboxParams(TenantA, reader.Id) { States = DeliveryStates.All, Limit = messages + 1, Now = Now }, Ct);
        Assert.Equal(messages, rows.Total);
        Assert.All(rows.Items, m => Assert.Equal((DeliveryStates.Delivered, (DateTimeOffset?)Now), (m.DeliveryState, m.DeliveredAt)));
        Assert.Empty(rows.NewlyDelivered);
    }

    [Fact]
    public async Task An_inbox_read_moves_only_the_queued_messages_it_returns_to_delivered()
    {
        var a = await CreateAgentAsync("a");
        var b = await CreateAgentAsync("b");
        var low = await SendAsync(NewMessage(a, b, "low", priority: 1));
        var high = await SendAsync(NewMessage(a, b, "high", priority: 5));
        var mid = await SendAsync(NewMessage(a, b, "mid"));

        var first = await InboxAsync(b, limit: 2);
        var second = await InboxAsync(b);

        Assert.Equal([high.Id, mid.Id], first.Items.Select(m => m.Id));
        Assert.Equal(3, first.Total);
        Assert.Equal(new[] { high.Id, mid.Id }.Order(), first.NewlyDelivered.Order());
        Assert.Equal([high.Id, mid.Id, low.Id], second.Items.Select(m => m.Id));
        Assert.Equal([low.Id], second.NewlyDelivered);
        Assert.Empty((await InboxAsync(a)).Items); // the sender's own inbox
        Assert.Equal(0, (await Store.ReadInboxAsync(new ReadInboxParams(TenantB, b.Id), Ct)).Total);
    }

    [Fact]
    public async Task Counting_an_inbox_changes_nothing()
    {
        var a = await CreateAgentAsync("a");
        var b = await CreateAgentAsync("b");
        var m = await SendAsync(NewMessage(a, b));

        var count = await Store.ReadInboxAsync(new ReadInboxParams(TenantA, b.Id) { CountOnly = true, Now = Now }, Ct);

        Assert.Equal(1, count.Total);
        Assert.Empty(count.Items);
        Assert.Equal([m.Id], (await InboxAsync(b, states: DeliveryStates.Queued)).NewlyDelivered);
    }

    [Fact]
    public async Task A_message_sent_for_later_is_not_in_the_inbox_before_its_send_at()
    {
        var a = await CreateAgentAsync("a");
        var b = await CreateAgentAsync("b");
        var later = await SendAsync(NewMessage(a, b, sendAt: Now.AddMinutes(10)));

        Assert.Empty((await InboxAsync(b)).Items);
        Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.Empty((await InboxAsync(b)).Items);
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var page = await InboxAsync(b);

        Assert.Equal([later.Id], page.NewlyDelivered);
        Assert.Equal(later.SendAt, later.DueAt);
    }

    [Fact]
    public async Task A_replayed_idempotency_key_returns_the_first_message_and_another_body_conflicts()
    {
        var a = await CreateAgentAsync("a");
        var b = await CreateAgentAsync("b");
        var first = await Store.SendMessageAsync(new SendMessageParams(TenantA, NewMessage(a, b, key: "k1", hash: "h1"), Now), Ct);
        var replay = await Store.SendMessageAsync(new SendMessageParams(TenantA, NewMessage(a, b, key: "k1", hash: "h1"), Now), Ct);
        var conflict = await Assert.ThrowsAsync<BatonException>(() =>
            Store.SendMessageAsync(new SendMessageParams(TenantA, NewMessage(a, b, "other", key: "k1", hash: "h2"), Now), Ct));

        Assert.False(first.Existing);
        Assert.True(replay.Existing);
        Assert.Equal(first.Message.Id, replay.Message.Id);
        Assert.Equal("idempotency_key_conflict", conflict.Code);
        Assert.Equal(1, (await InboxAsync(b)).Total);

        // Past the window the key is free again.
        Time.Advance(Messages.IdempotencyWindow);
        var fresh = await Store.SendMessageAsync(new SendMessageParams(TenantA, NewMessage(a, b, "other", key: "k1", hash: "h2"), Now), Ct);
        Assert.False(fresh.Existing);
        Assert.NotEqual(first.Message.Id, fresh.Message.Id);
    }

    [Fact]
    public async Task A_reply_joins_its_parents_thread()
    {
        var a = await CreateAgentAsync("a");
        var b = await CreateAgentAsync("b");
        var question = await SendAsync(NewMessage(a, b, "review PR 42?"));
        var answer = await SendAsync(NewMessage(b, a, "done", replyTo: question.Id));
        var followUp = await SendAsync(NewMessage(a, b, "thanks", replyTo: answer.Id));

        Assert.Equal(question.Id, question.ThreadId);
        Assert.Equal((question.Id, question.Id), (answer.ThreadId, answer.ReplyTo));
        Assert.Equal(question.Id, followUp.ThreadId);
        var thread = await Store.ReadInboxAsync(new ReadInboxParams(TenantA, b.Id) { ThreadId = question.Id, Now = Now }, Ct);
        Assert.Equal([question.Id, followUp.Id], thread.Items.Select(m => m.Id));
        var unknown = await Assert.ThrowsAsync<BatonException>(() => SendAsync(NewMessage(a, b, replyTo: "msg_nosuchmessag")));
        Assert.Equal("message_not_found", unknown.Code);
    }

    [Fact]
    public async Task Read_and_ack_move_a_message_forward_only_and_ack_is_terminal()
    {
        var a = await CreateAgentAsync("a");
        var b = await CreateAgentAsync("b");
        var m = await SendAsync(NewMessage(a, b));
        Task<Message> Advance(string to) => Store.AdvanceMessageAsync(new AdvanceMessageParams(TenantA, m.Id, to, Now), Ct);

        var readAt = Now;
        var read = await Advance(DeliveryStates.Read);
        Time.Advance(TimeSpan.FromSeconds(1));
        var readAgain = await Advance(DeliveryStates.Read);
        var acked = await Advance(DeliveryStates.Acked);
        var ackedAgain = await Advance(DeliveryStates.Acked);
        var back = await Assert.ThrowsAsync<BatonException>(() => Advance(DeliveryStates.Read));

        Assert.Equal((DeliveryStates.Read, readAt, readAt), (read.DeliveryState, read.ReadAt, read.DeliveredAt));
        Assert.Equal(read.ReadAt, readAgain.ReadAt);
        Assert.Equal((DeliveryStates.Acked, Now, readAt), (acked.DeliveryState, acked.AckedAt, acked.ReadAt));
        Assert.Equal(acked.AckedAt, ackedAgain.AckedAt);
        Assert.Equal("invalid_state_transition", back.Code);
        Assert.Null(await Store.GetMessageAsync(new GetMessageParams(TenantB, m.Id), Ct));
    }

    [Fact]
    public async Task A_message_nobody_acked_expires_after_its_time_to_live()
    {
        var a = await CreateAgentAsync("a");
        var b = await CreateAgentAsync("b");
        var m = await SendAsync(NewMessage(a, b));

        Time.Advance(Messages.TimeToLive);

        Assert.Empty((await InboxAsync(b)).Items);
        Assert.Equal([m.Id], (await InboxAsync(b, states: DeliveryStates.Expired)).Items.Select(x => x.Id));
        Assert.Equal(DeliveryStates.Expired, (await Store.GetMessageAsync(new GetMessageParams(TenantA, m.Id), Ct))!.DeliveryState);
        var ack = await Assert.ThrowsAsync<BatonException>(() =>
            Store.AdvanceMessageAsync(new AdvanceMessageParams(TenantA, m.Id, DeliveryStates.Acked, Now), Ct));
        Assert.Equal("invalid_state_transition", ack.Code);
    }

    [Fact]
    public async Task Sent_lists_the_senders_messages_newest_first_and_changes_nothing()
    {
        var a = await CreateAgentAsync("a");
        var b = await CreateAgentAsync("b");
        var c = await CreateAgentAsync("c");
        var first = await SendAsync(NewMessage(a, b));
        var second = await SendAsync(NewMessage(a, c));

        var sent = await Store.ListSentAsync(new ListSentParams(TenantA, a.Id), Ct);
        var toB = await Store.ListSentAsync(new ListSentParams(TenantA, a.Id) { CounterpartId = b.Id }, Ct);

        Assert.Equal([second.Id, first.Id], sent.Items.Select(m => m.Id));
        Assert.All(sent.Items, m => Assert.Equal(DeliveryStates.Queued, m.DeliveryState));
        Assert.Equal([first.Id], toB.Items.Select(m => m.Id));
    }

    [Fact]
    public async Task A_push_is_claimed_once_per_lease_and_retried_until_recorded_as_sent()
    {
        var a = await CreateAgentAsync("a");
        var hooked = await CreateAgentAsync("hooked", webhookUrl: "https://example.com/hook");
        var m = await SendAsync(NewMessage(a, hooked, push: true));
        var other = await OpenStoreAsync();
        Task<IReadOnlyList<MessagePush>> Claim(IBatonStore s) =>
            s.ClaimMessagePushesAsync(new ClaimMessagePushesParams(10, 60, Now), Ct);

        var first = await Claim(Store);
        Assert.Empty(await Claim(other));
        var push = Assert.Single(first);
        Assert.Equal((m.Id, "https://example.com/hook", "whsec_test", 1), (push.Message.Id, push.WebhookUrl, push.WebhookSecret, push.Attempt));

        await Store.RecordMessagePushAsync(new RecordMessagePushParams(m.Id, Sent: false, Now.AddSeconds(5), "HTTP 500"), Ct);
        Assert.Empty(await Claim(other));
        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, Assert.Single(await Claim(other)).Attempt);
        await Store.RecordMessagePushAsync(new RecordMessagePushParams(m.Id, Sent: true, null, null), Ct);
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await Claim(Store));
    }

    [Fact]
    public async Task A_push_whose_recipient_dropped_its_webhook_url_is_not_claimed()
    {
        var a = await CreateAgentAsync("a");
        var hooked = await CreateAgentAsync("hooked", webhookUrl: "https://example.com/hook");
        await SendAsync(NewMessage(a, hooked, push: true));
        await Store.UpdateAgentAsync(new UpdateAgentParams(TenantA, hooked.Id) { ClearWebhookUrl = true, Now = Now }, Ct);

        Assert.Empty(await Store.ClaimMessagePushesAsync(new ClaimMessagePushesParams(10, 60, Now), Ct));
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await Store.ClaimMessagePushesAsync(new ClaimMessagePushesParams(10, 60, Now), Ct));
    }
}

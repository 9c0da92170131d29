using System.Collections.Concurrent;
using System.Diagnostics;
using Baton.Client;
using Baton.Contracts.Messaging;
using Baton.Core.Notifications;
using Baton.Storage.Postgres;
using Baton.Testing;
using Xunit;

namespace Baton.Server.Tests.Messaging;

/// <summary>Two Baton nodes on one PostgreSQL database: inbox reads race across nodes, and a send wakes the other node.</summary>
public sealed class TwoNodeMessagingTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(ServerHarness A, ServerHarness B, BatonClient OnA, BatonClient OnB, string Key, string Database)> StartTwoNodesAsync()
    {
        var database = await postgres.CreateDatabaseAsync();
        // Each node its own id: a node ignores wake-ups that carry its own (its waiters were woken when it sent).
        Func<BatonServerSettings, BatonServerSettings> Node(string id) => s => s with
        {
            Store = StoreKind.Postgres,
            PostgresConnectionString = database,
            MessageSendsPerMinute = 1_000_000,
            NodeId = id,
        };
        var a = await ServerHarness.StartAsync(Node("node-a"));
        var b = await ServerHarness.StartAsync(Node("node-b"));
        foreach (var node in new[] { a, b })
        {
            await ((PostgresNotifier)node.Service<INotifier>()).Listening.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }

        var (onA, key) = await a.RegisterTenantAsync();
        await onA.CreateAgentAsync(new AgentRequest { DisplayName = "sender" }, Ct);
        await onA.CreateAgentAsync(new AgentRequest { DisplayName = "reader" }, Ct);
        return (a, b, onA, b.Anonymous.WithApiKey(key), key, database);
    }

    [Fact]
    public async Task Two_inbox_readers_on_two_nodes_receive_each_of_1000_queued_messages_as_new_exactly_once()
    {
        const int messages = 1_000;
        var (a, b, onA, onB, _, database) = await StartTwoNodesAsync();
        try
        {
            var sent = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct },
                async (i, ct) => sent.Add((await onA.SendMessageAsync("sender", new SendMessageRequest
                {
                    To = "reader",
                    Body = "m" + i,
                    Priority = 1 + i % 5,
                }, ct: ct)).Id));

            var received = new ConcurrentBag<(int Node, MessageResponse Message)>();
            using var start = new Barrier(2);
            var readers = new[] { onA, onB }.Select((client, node) => Task.Factory.StartNew(async () =>
            {
                start.SignalAndWait(Ct);
                while (true)
                {
                    // Only queued messages are asked for, so every one returned is one this read moved to delivered.
                    var page = await client.ReadInboxAsync("reader", new InboxQuery { State = "queued", Limit = 13 + node * 24 }, Ct);
                    foreach (var m in page.Messages) received.Add((node, m));
                    if (page.Messages.Count == 0) return;
                }
            }, Ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToArray();
            await Task.WhenAll(readers);

            Assert.Equal(messages, received.Count);
            Assert.Equal(sent.Order(), received.Select(r => r.Message.Id).Order());
            Assert.All(received, r => Assert.Equal("delivered", r.Message.DeliveryState));
            var all = await onB.ReadInboxAsync("reader", new InboxQuery { State = "delivered", Limit = 200 }, Ct);
            Assert.Equal(messages, all.Total);
            Assert.Equal(0, (await onA.ReadInboxAsync("reader", new InboxQuery { State = "queued" }, Ct)).Total);
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
            await postgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_parked_inbox_read_and_a_parked_event_read_on_node_B_wake_for_a_send_on_node_A()
    {
        var (a, b, onA, onB, key, database) = await StartTwoNodesAsync();
        try
        {
            var api = new RawApi(b, key);
            await api.ExpectAsync(System.Net.HttpStatusCode.Created, "POST", "/v1/agents/reader/subscriptions", """{"event_type": "message.delivered"}""");
            var watch = Stopwatch.StartNew();
            var inbox = onB.ReadInboxAsync("reader", new InboxQuery { State = "queued", WaitSeconds = 30 }, Ct);
            var events = api.ExpectAsync(System.Net.HttpStatusCode.OK, "GET", "/v1/agents/reader/events?wait=30");
            await Task.Delay(300, Ct);
            Assert.False(inbox.IsCompleted, "the inbox read should be parked: nothing was sent yet");
            Assert.False(events.IsCompleted, "the event read should be parked: nothing was sent yet");

            var sent = await onA.SendMessageAsync("sender", new SendMessageRequest { To = "reader", Body = "across nodes" }, ct: Ct);
            var page = await inbox;
            var feed = await events;

            Assert.Equal([sent.Id], page.Messages.Select(m => m.Id));
            Assert.Equal(sent.Id, feed.GetProperty("events")[0].GetProperty("message_id").GetString());
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(25), "the reads were woken by the send on the other node, not by their waits ending");
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
            await postgres.DropDatabaseAsync(database);
        }
    }
}

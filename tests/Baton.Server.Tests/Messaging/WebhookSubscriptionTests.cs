using System.Net;
using System.Text;
using System.Text.Json;
using Baton.Client;
using Baton.Contracts.Messaging;
using Baton.Server.Tests.Webhooks;
using Baton.Server.Webhooks;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Baton.Server.Tests.Messaging;

/// <summary>
/// Subscriptions with delivery_target webhook, on SQLite and on PostgreSQL: each event is POSTed to the
/// subscription's webhook_url (or the agent's), signed as message pushes and cue webhooks are, retried after a 500,
/// never sent to a blocked address; the ack watermark follows the 2xx answers; pull subscriptions are never POSTed.
/// </summary>
public sealed class WebhookSubscriptionTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan[] QuickBackoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)];

    private async Task<(ServerHarness Server, BatonClient Client, RawApi Api)> StartAsync(
        StoreKind kind, bool privateCallbacks = true, Action<WebApplicationBuilder>? configure = null)
    {
        var database = kind == StoreKind.Postgres ? await postgres.CreateDatabaseAsync() : null;
        var server = await ServerHarness.StartAsync(
            s => s with { Store = kind, PostgresConnectionString = database, AllowPrivateCallbacks = privateCallbacks },
            b =>
            {
                b.Services.AddSingleton(new WebhookSettings { AllowPrivateCallbacks = privateCallbacks, MessagePushBackoff = QuickBackoff });
                configure?.Invoke(b);
            });
        var (client, key) = await server.RegisterTenantAsync();
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "a" }, Ct);
        return (server, client, new RawApi(server, key));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task An_event_is_posted_to_the_subscriptions_own_url_signed_with_its_secret_retried_after_a_500_and_then_acked(StoreKind kind)
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 200);
        var (server, client, api) = await StartAsync(kind);
        await using var _ = server;
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "b" }, Ct); // no webhook_url of its own

        var sub = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents/b/subscriptions", $$"""
            {"event_type": "message.delivered", "delivery_target": "webhook", "webhook_url": "{{receiver.Url}}", "inline_body": true}
            """);
        var secret = sub.GetProperty("webhook_secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var sent = await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "naïve café ✓", Subject = "hi" }, ct: Ct);
        var requests = await receiver.WaitForAsync(2);
        var acked = await WatermarkAsync(api, "b", 1);

        Assert.Equal(["1", "2"], requests.Select(r => r.Header("X-CueAPI-Attempt")));
        foreach (var request in requests)
        {
            var timestamp = request.Header("X-CueAPI-Timestamp");
            var expected = IndependentVerifier.Sign(secret, timestamp, IndependentVerifier.Reserialize(request.Body));
            Assert.Equal(expected, request.Header("X-CueAPI-Signature"));
            Assert.Equal(IndependentVerifier.Reserialize(request.Body), Encoding.UTF8.GetString(request.Body));
            Assert.Equal(("1", sent.Id), (request.Header("X-CueAPI-Event-Id"), request.Header("X-CueAPI-Message-Id")));
            using var body = JsonDocument.Parse(request.Body);
            var root = body.RootElement;
            Assert.Equal(("message.delivered", sub.GetProperty("id").GetString()),
                (root.GetProperty("event_type").GetString(), root.GetProperty("subscription_id").GetString()));
            var e = root.GetProperty("event");
            Assert.Equal((1L, sent.Id), (e.GetProperty("id").GetInt64(), e.GetProperty("message_id").GetString()));
            Assert.Equal(("naïve café ✓", "hi"), (e.GetProperty("payload").GetProperty("body").GetString(), e.GetProperty("payload").GetProperty("subject").GetString()));
        }

        Assert.Equal(1L, acked.GetProperty("ack_watermark").GetInt64());
        var feed = await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/b/events");
        Assert.Equal("sent", feed.GetProperty("events")[0].GetProperty("push_state").GetString());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_digest_subscription_without_a_url_of_its_own_posts_to_the_agents_url_signed_with_the_agents_secret(StoreKind kind)
    {
        await using var receiver = await WebhookReceiver.StartAsync(200);
        var (server, client, api) = await StartAsync(kind);
        await using var _ = server;
        var b = await client.CreateAgentAsync(new AgentRequest { DisplayName = "b", WebhookUrl = receiver.Url.ToString() }, Ct);
        var sub = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents/b/subscriptions",
            """{"event_type": "message.digest", "delivery_target": "webhook"}""");
        Assert.Equal(JsonValueKind.Null, sub.GetProperty("webhook_secret").ValueKind);
        Assert.False(sub.GetProperty("inline_body").GetBoolean());

        await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "hello" }, ct: Ct);
        var requests = await receiver.WaitForAsync(2); // the message push and the digest
        await WatermarkAsync(api, "b", 1);

        var digest = Assert.Single(requests, r => r.Headers.ContainsKey("X-CueAPI-Event-Id"));
        var expected = IndependentVerifier.Sign(b.WebhookSecret!, digest.Header("X-CueAPI-Timestamp"), IndependentVerifier.Reserialize(digest.Body));
        Assert.Equal(expected, digest.Header("X-CueAPI-Signature"));
        using var body = JsonDocument.Parse(digest.Body);
        Assert.Equal("message.digest", body.RootElement.GetProperty("event_type").GetString());
        Assert.Equal(1, body.RootElement.GetProperty("event").GetProperty("payload").GetProperty("count").GetInt32());
        Assert.False(body.RootElement.GetProperty("event").GetProperty("payload").TryGetProperty("body", out var _));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_subscription_url_is_never_posted_to_a_blocked_address_at_save_or_after_the_name_moves_there(StoreKind kind)
    {
        var dns = new FakeHostResolver();
        dns.Answer("hooks.test", "203.0.113.10");
        dns.Answer("loopback.test", "127.0.0.1");
        await using var receiver = await WebhookReceiver.StartAsync(200);
        var (server, client, api) = await StartAsync(kind, privateCallbacks: false, b => b.Services.AddSingleton<IHostResolver>(dns));
        await using var _ = server;
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "b" }, Ct);
        const string subs = "/v1/agents/b/subscriptions";

        foreach (var blocked in new[] { "https://loopback.test/hook", "https://169.254.169.254/latest", "http://10.0.0.1/hook" })
        {
            var refused = await api.ExpectAsync(HttpStatusCode.BadRequest, "POST", subs,
                $$"""{"event_type": "message.delivered", "delivery_target": "webhook", "webhook_url": "{{blocked}}"}""");
            Assert.Equal("invalid_webhook_url", refused.GetProperty("error").GetProperty("code").GetString());
        }

        Assert.Equal(0, (await api.ExpectAsync(HttpStatusCode.OK, "GET", subs)).GetProperty("subscriptions").GetArrayLength());
        await api.ExpectAsync(HttpStatusCode.Created, "POST", subs,
            $$"""{"event_type": "message.delivered", "delivery_target": "webhook", "webhook_url": "https://hooks.test:{{receiver.Url.Port}}/hook"}""");
        dns.Answer("hooks.test", "127.0.0.1"); // rebinding: the name now points at the server's own host
        await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "secret" }, ct: Ct);
        var failed = await EventuallyAsync(api, "b", e => e.GetProperty("push_state").GetString() == "failed");

        Assert.Contains("refused", failed.GetProperty("push_error").GetString(), StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", failed.GetProperty("push_error").GetString(), StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
        Assert.Equal(0L, (await api.ExpectAsync(HttpStatusCode.OK, "GET", subs)).GetProperty("subscriptions")[0].GetProperty("ack_watermark").GetInt64());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Events_of_pull_subscriptions_are_never_posted_even_to_an_agent_that_takes_message_pushes(StoreKind kind)
    {
        await using var receiver = await WebhookReceiver.StartAsync(200);
        var (server, client, api) = await StartAsync(kind);
        await using var _ = server;
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "b", WebhookUrl = receiver.Url.ToString() }, Ct);
        await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents/b/subscriptions", """{"event_type": "message.delivered"}""");
        await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents/b/subscriptions",
            $$"""{"event_type": "message.digest", "delivery_target": "pull", "webhook_url": "{{receiver.Url}}", "inline_body": true}""");

        await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "one" }, ct: Ct);
        await receiver.WaitForAsync(1);
        await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "two" }, ct: Ct);
        await receiver.WaitForAsync(2);
        var feed = await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/b/events");
        var listed = await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/b/subscriptions");

        Assert.Equal(2, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.False(r.Headers.ContainsKey("X-CueAPI-Event-Id")));
        Assert.Equal(3, feed.GetProperty("events").GetArrayLength()); // two delivered and one digest
        Assert.All(feed.GetProperty("events").EnumerateArray(), e => Assert.Equal(JsonValueKind.Null, e.GetProperty("push_state").ValueKind));
        Assert.All(listed.GetProperty("subscriptions").EnumerateArray(), s =>
            Assert.Equal((JsonValueKind.Null, 0L), (s.GetProperty("webhook_url").ValueKind, s.GetProperty("ack_watermark").GetInt64())));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_push_due_for_a_retry_when_its_server_stops_is_sent_by_the_next_server_on_the_same_store(StoreKind kind)
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 200);
        var database = kind == StoreKind.Postgres ? await postgres.CreateDatabaseAsync() : null;
        var directory = Path.Combine(Path.GetTempPath(), "baton-server-tests", Guid.NewGuid().ToString("N"));
        Task<ServerHarness> Start(TimeSpan backoff) => ServerHarness.StartAsync(
            s => s with { Store = kind, PostgresConnectionString = database, DataDirectory = directory, AllowPrivateCallbacks = true },
            b => b.Services.AddSingleton(new WebhookSettings { AllowPrivateCallbacks = true, MessagePushBackoff = [backoff] }));
        try
        {
            string key;
            await using (var first = await Start(TimeSpan.FromSeconds(10)))
            {
                BatonClient client;
                (client, key) = await first.RegisterTenantAsync();
                await client.CreateAgentAsync(new AgentRequest { DisplayName = "a" }, Ct);
                await client.CreateAgentAsync(new AgentRequest { DisplayName = "b" }, Ct);
                var onFirst = new RawApi(first, key);
                await onFirst.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents/b/subscriptions",
                    $$"""{"event_type": "message.delivered", "delivery_target": "webhook", "webhook_url": "{{receiver.Url}}"}""");
                await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "hello" }, ct: Ct);
                // The 500 recorded: due again in 10 s, by which time this server has stopped. (Stopped mid-send instead,
                // the push would keep its lease, minutes long, before another server could take it.)
                await EventuallyAsync(onFirst, "b", e => e.GetProperty("push_error").GetString() == "HTTP 500");
            }

            Assert.Single(receiver.Requests);
            await using var second = await Start(TimeSpan.FromMilliseconds(100)); // looks for due pushes every 100 ms
            await WatermarkAsync(new RawApi(second, key), "b", 1);

            Assert.Equal(["1", "2"], receiver.Requests.Select(r => r.Header("X-CueAPI-Attempt")));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Waits (real time, up to 20 s) until the agent's only subscription has acked up to <paramref name="watermark"/>.</summary>
    private static Task<JsonElement> WatermarkAsync(RawApi api, string agent, long watermark) =>
        EventuallyAsync(
            async () => (await api.ExpectAsync(HttpStatusCode.OK, "GET", $"/v1/agents/{agent}/subscriptions")).GetProperty("subscriptions")[0],
            s => s.GetProperty("ack_watermark").GetInt64() >= watermark);

    /// <summary>Waits (real time, up to 20 s) until the agent's first event satisfies <paramref name="done"/>.</summary>
    private static Task<JsonElement> EventuallyAsync(RawApi api, string agent, Func<JsonElement, bool> done) =>
        EventuallyAsync(
            async () => (await api.ExpectAsync(HttpStatusCode.OK, "GET", $"/v1/agents/{agent}/events")).GetProperty("events")[0],
            done);

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var seen = await read();
            if (done(seen)) return seen;
            Assert.True(DateTime.UtcNow < deadline, $"still {seen.GetRawText()}");
            await Task.Delay(25, Ct);
        }
    }
}

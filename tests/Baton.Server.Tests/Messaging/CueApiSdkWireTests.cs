using System.Globalization;
using System.Net;
using System.Text.Json;
using Xunit;

namespace Baton.Server.Tests.Messaging;

/// <summary>
/// Wire compatibility with CueAPI's own Python SDK (cueapi-python: <c>resources/agents.py</c>,
/// <c>resources/messages.py</c>): each request is sent exactly as the SDK builds it (path, query, headers, body keys,
/// including the keys it sends by default), and each answer is checked against what the SDK's models
/// (<c>models/agent.py</c>, <c>models/message.py</c>) require to parse: required fields present with their types,
/// optional ones of the right type when present, timestamps that parse, lists where lists are expected.
/// </summary>
public sealed class CueApiSdkWireTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Agents_as_the_sdk_sends_them_answer_what_its_agent_models_parse()
    {
        await using var server = await ServerHarness.StartAsync();
        var (_, key) = await server.RegisterTenantAsync();
        var api = new RawApi(server, key);

        // agents.create(display_name=…) and with slug and metadata
        var reviewer = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents", """{"display_name": "Reviewer Bot"}""");
        AssertAgent(reviewer);
        var writer = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents",
            """{"display_name": "Writer", "slug": "writer", "metadata": {"team": "docs"}}""");
        AssertAgent(writer);
        Assert.Equal("writer", writer.GetProperty("slug").GetString());

        // agents.list() sends limit and offset always; include_deleted only when true
        AssertAgentList(await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents?limit=50&offset=0"), expected: 2);
        AssertAgentList(await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents?limit=50&offset=0&status=online"), expected: null);

        // agents.get(ref), by id and by slug
        AssertAgent(await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/" + reviewer.GetProperty("id").GetString()));
        AssertAgent(await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/writer"));

        // agents.update(ref, display_name=…, status=…, metadata=…), and clear_webhook_url=True (an explicit null)
        var renamed = await api.ExpectAsync(HttpStatusCode.OK, "PATCH", "/v1/agents/writer",
            """{"display_name": "Writer 2", "status": "away", "metadata": {"team": "docs", "n": 2}}""");
        AssertAgent(renamed);
        Assert.Equal(("Writer 2", "away"), (renamed.GetProperty("display_name").GetString(), renamed.GetProperty("status").GetString()));
        AssertAgent(await api.ExpectAsync(HttpStatusCode.OK, "PATCH", "/v1/agents/writer", """{"webhook_url": null}"""));

        // agents.roster(), then roster(if_none_match=etag)
        var (status, roster) = await api.SendAsync("GET", "/v1/agents/roster");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Array, roster.GetProperty("agents").ValueKind);
        var etag = await RosterEtagAsync(server, key);
        var (notModified, _) = await api.SendAsync("GET", "/v1/agents/roster", null, ("If-None-Match", etag));
        Assert.Equal(HttpStatusCode.NotModified, notModified);

        // agents.delete(ref): 204, then listed only with include_deleted=true
        var (deleted, _) = await api.SendAsync("DELETE", "/v1/agents/writer");
        Assert.Equal(HttpStatusCode.NoContent, deleted);
        AssertAgentList(await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents?limit=50&offset=0"), expected: 1);
        AssertAgentList(await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents?limit=50&offset=0&include_deleted=true"), expected: 2);
    }

    [Fact]
    public async Task Messages_as_the_sdk_sends_them_answer_what_its_message_models_parse()
    {
        await using var server = await ServerHarness.StartAsync();
        var (_, key) = await server.RegisterTenantAsync();
        var api = new RawApi(server, key);
        await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents", """{"display_name": "Alice", "slug": "alice"}""");
        await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents", """{"display_name": "Bob", "slug": "bob"}""");

        // messages.send(): from_agent as X-Cueapi-From-Agent, Idempotency-Key, and auto_verify's
        // X-CueAPI-Verify-Echo: true, which the SDK checks against body_received.body.
        const string body = "please review PR 42 — it's $(small)";
        var send = """{"to": "bob", "body": """ + JsonSerializer.Serialize(body) +
            """, "subject": "review", "priority": 4, "expects_reply": true, "metadata": {"pr": 42}}""";
        (string, string)[] headers = [("X-Cueapi-From-Agent", "alice"), ("Idempotency-Key", "k-1"), ("X-CueAPI-Verify-Echo", "true")];
        var sent = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/messages", send, headers);
        AssertMessage(sent);
        Assert.Equal(body, sent.GetProperty("body_received").GetProperty("body").GetString());
        var id = sent.GetProperty("id").GetString()!;
        // The same key and body again: 200 with the same message
        var replayed = await api.ExpectAsync(HttpStatusCode.OK, "POST", "/v1/messages", send, headers);
        Assert.Equal(id, replayed.GetProperty("id").GetString());

        // A reply (reply_to, reply_to_agent) and one for later (send_at as datetime.isoformat() prints it)
        var reply = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/messages",
            $$"""{"to": "alice", "body": "done", "reply_to": "{{id}}", "reply_to_agent": "alice"}""", ("X-Cueapi-From-Agent", "bob"), ("X-CueAPI-Verify-Echo", "true"));
        AssertMessage(reply);
        Assert.Equal(sent.GetProperty("thread_id").GetString(), reply.GetProperty("thread_id").GetString());
        var later = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        AssertMessage(await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/messages",
            $$"""{"to": "bob", "body": "tomorrow", "send_at": "{{later}}"}""", ("X-Cueapi-From-Agent", "alice"), ("X-CueAPI-Verify-Echo", "true")));

        // agents.inbox(ref, state=…, limit, offset) and agents.sent(ref, limit, offset)
        var inbox = await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/bob/inbox?limit=50&offset=0");
        AssertMessageList(inbox);
        Assert.Equal([id], inbox.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        AssertMessageList(await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/bob/inbox?limit=50&offset=0&state=delivered"));
        AssertMessageList(await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/alice/sent?limit=50&offset=0"));

        // messages.get(id), mark_read(id) and ack(id), each POST with the SDK's json={}
        AssertMessage(await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/messages/" + id));
        var read = await api.ExpectAsync(HttpStatusCode.OK, "POST", $"/v1/messages/{id}/read", "{}");
        Assert.Equal("read", read.GetProperty("delivery_state").GetString());
        AssertTime(read, "read_at");
        var acked = await api.ExpectAsync(HttpStatusCode.OK, "POST", $"/v1/messages/{id}/ack", "{}");
        Assert.Equal("acked", acked.GetProperty("delivery_state").GetString());
        AssertTime(acked, "acked_at");
    }

    [Fact]
    public async Task Subscriptions_and_the_event_pull_as_the_sdk_sends_them_answer_what_it_reads()
    {
        await using var server = await ServerHarness.StartAsync();
        var (_, key) = await server.RegisterTenantAsync();
        var api = new RawApi(server, key);
        await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents", """{"display_name": "Alice", "slug": "alice"}""");
        await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents", """{"display_name": "Bob", "slug": "bob"}""");

        // agents.subscriptions_create(ref, event_type=…, delivery_target="pull")
        var sub = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents/bob/subscriptions",
            """{"event_type": "message.delivered", "delivery_target": "pull"}""");
        Assert.Equal(JsonValueKind.String, sub.GetProperty("id").ValueKind);
        await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/messages", """{"to": "bob", "body": "hello"}""", ("X-Cueapi-From-Agent", "alice"));

        // subscriptions_list(ref) → {subscriptions: […]}
        var list = await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/bob/subscriptions");
        Assert.Single(list.GetProperty("subscriptions").EnumerateArray());

        // events_pull(ref, limit=100) and with since: {events: [{id, event_type, payload, emitted_at}], next_cursor}
        var events = await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/bob/events?limit=100");
        var only = Assert.Single(events.GetProperty("events").EnumerateArray());
        Assert.Equal(JsonValueKind.Number, only.GetProperty("id").ValueKind);
        Assert.Equal("message.delivered", only.GetProperty("event_type").GetString());
        Assert.Equal(JsonValueKind.Object, only.GetProperty("payload").ValueKind);
        AssertTime(only, "emitted_at");
        var cursor = events.GetProperty("next_cursor").GetInt64();
        Assert.Equal(only.GetProperty("id").GetInt64(), cursor);
        var none = await api.ExpectAsync(HttpStatusCode.OK, "GET", $"/v1/agents/bob/events?limit=100&since={cursor}&event_type=message.delivered");
        Assert.Empty(none.GetProperty("events").EnumerateArray());

        // subscriptions_delete(ref, id): a 2xx, and gone from the list
        var (deleted, _) = await api.SendAsync("DELETE", $"/v1/agents/bob/subscriptions/{sub.GetProperty("id").GetString()}");
        Assert.True(deleted is HttpStatusCode.OK or HttpStatusCode.NoContent, $"delete answered {(int)deleted}");
        Assert.Empty((await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/bob/subscriptions")).GetProperty("subscriptions").EnumerateArray());
    }

    [Fact]
    public async Task A_webhook_subscription_as_the_sdk_sends_it_with_webhook_url_and_inline_body_is_accepted_and_echoed()
    {
        await using var server = await ServerHarness.StartAsync(s => s with { AllowPrivateCallbacks = true });
        var (_, key) = await server.RegisterTenantAsync();
        var api = new RawApi(server, key);
        await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents", """{"display_name": "Bob", "slug": "bob"}""");

        // agents.subscriptions_create(ref, event_type=…, delivery_target="webhook", webhook_url=…, inline_body=True):
        // the SDK's body keys in its order, webhook_url and inline_body only when given
        var sub = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents/bob/subscriptions",
            """{"event_type": "message.delivered", "delivery_target": "webhook", "webhook_url": "http://127.0.0.1:9/hook", "inline_body": true}""");
        Assert.Equal(JsonValueKind.String, sub.GetProperty("id").ValueKind);
        Assert.Equal(("webhook", "http://127.0.0.1:9/hook", true),
            (sub.GetProperty("delivery_target").GetString(), sub.GetProperty("webhook_url").GetString(), sub.GetProperty("inline_body").GetBoolean()));
        Assert.StartsWith("whsec_", sub.GetProperty("webhook_secret").GetString(), StringComparison.Ordinal); // one time, on create

        // subscriptions_create(…, delivery_target="pull", inline_body=False): the SDK sends an explicit false
        var pull = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents/bob/subscriptions",
            """{"event_type": "message.digest", "delivery_target": "pull", "inline_body": false}""");
        Assert.False(pull.GetProperty("inline_body").GetBoolean());

        // subscriptions_list(ref): both surface inline_body; the secret is never shown again
        var list = (await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/bob/subscriptions")).GetProperty("subscriptions");
        Assert.Equal([true, false], list.EnumerateArray().Select(s => s.GetProperty("inline_body").GetBoolean()));
        Assert.All(list.EnumerateArray(), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("webhook_secret").ValueKind));
    }

    private static async Task<string> RosterEtagAsync(ServerHarness server, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/agents/roster");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var response = await server.Http.SendAsync(request, Ct);
        return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("the roster sent no ETag");
    }

    /// <summary>models/agent.py <c>Agent</c>: id, slug, display_name strings; metadata a dict (not null).</summary>
    private static void AssertAgent(JsonElement a)
    {
        foreach (var name in new[] { "id", "slug", "display_name" }) Assert.Equal(JsonValueKind.String, a.GetProperty(name).ValueKind);
        Assert.Equal(JsonValueKind.Object, a.GetProperty("metadata").ValueKind);
        foreach (var name in new[] { "user_id", "webhook_url", "webhook_secret", "status" }) AssertOptional(a, name, JsonValueKind.String);
        foreach (var name in new[] { "deleted_at", "created_at", "updated_at" }) AssertOptionalTime(a, name);
    }

    /// <summary>models/agent.py <c>AgentList</c>: agents, and total, limit, offset as integers.</summary>
    private static void AssertAgentList(JsonElement list, int? expected)
    {
        var agents = list.GetProperty("agents").EnumerateArray().ToList();
        foreach (var a in agents) AssertAgent(a);
        foreach (var name in new[] { "total", "limit", "offset" }) Assert.Equal(JsonValueKind.Number, list.GetProperty(name).ValueKind);
        if (expected is { } count) Assert.Equal(count, agents.Count);
    }

    /// <summary>models/message.py <c>Message</c>: id a string; the rest optional, of their types when present.</summary>
    private static void AssertMessage(JsonElement m)
    {
        Assert.Equal(JsonValueKind.String, m.GetProperty("id").ValueKind);
        foreach (var name in new[] { "user_id", "to", "body", "subject", "thread_id", "reply_to", "reply_to_agent", "delivery_state" })
        {
            AssertOptional(m, name, JsonValueKind.String);
        }

        AssertOptional(m, "priority", JsonValueKind.Number);
        AssertOptional(m, "metadata", JsonValueKind.Object);
        AssertOptional(m, "from", JsonValueKind.Object);
        if (m.TryGetProperty("expects_reply", out var expects)) Assert.True(expects.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null);
        foreach (var name in new[] { "expires_at", "queued_at", "delivered_at", "read_at", "acked_at", "failed_at", "created_at", "updated_at" })
        {
            AssertOptionalTime(m, name);
        }
    }

    /// <summary>models/message.py <c>MessageList</c>: messages; total, limit, offset integers when present.</summary>
    private static void AssertMessageList(JsonElement list)
    {
        foreach (var m in list.GetProperty("messages").EnumerateArray()) AssertMessage(m);
        foreach (var name in new[] { "total", "limit", "offset" }) AssertOptional(list, name, JsonValueKind.Number);
    }

    private static void AssertOptional(JsonElement e, string name, JsonValueKind kind)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return;
        Assert.True(value.ValueKind == kind, $"{name} is {value.ValueKind}, the SDK's model expects {kind}: {e}");
    }

    private static void AssertOptionalTime(JsonElement e, string name)
    {
        if (e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null) AssertTime(e, name);
    }

    private static void AssertTime(JsonElement e, string name) =>
        Assert.True(DateTimeOffset.TryParse(e.GetProperty(name).GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
            $"{name} does not parse as a timestamp: {e}");
}

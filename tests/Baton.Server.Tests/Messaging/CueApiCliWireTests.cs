using System.Globalization;
using System.Net;
using System.Text.Json;
using Xunit;

namespace Baton.Server.Tests.Messaging;

/// <summary>
/// Wire compatibility with CueAPI's own command line (cueapi-cli, <c>cueapi/cli.py</c>), which builds its requests
/// itself rather than through the SDK: the <c>agents</c>, <c>messages</c> and <c>workers</c> commands' requests exactly
/// as it sends them (query parameters it always sends, flags it sends only when true, <c>json={}</c> bodies), and the
/// fields each command reads from the answer to print it. The shapes the CLI shares with the SDK are in
/// <see cref="CueApiSdkWireTests"/>.
/// </summary>
public sealed class CueApiCliWireTests
{
    [Fact]
    public async Task The_cli_agents_commands_requests_are_answered_with_the_fields_it_prints()
    {
        await using var server = await ServerHarness.StartAsync(s => s with { AllowPrivateCallbacks = true });
        var (_, key) = await server.RegisterTenantAsync();
        var api = new RawApi(server, key);

        // agents create --display-name … --webhook-url … --metadata …: prints id, slug, display_name, status,
        // webhook_url and the one-time webhook_secret
        var created = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents",
            """{"display_name": "Reviewer", "slug": "reviewer", "webhook_url": "http://127.0.0.1:9/inbox", "metadata": {"team": "qa"}}""");
        AssertStrings(created, "id", "slug", "display_name", "status", "webhook_url", "webhook_secret");
        await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents", """{"display_name": "Writer"}""");

        // agents list [--online-only] [--include-deleted]: limit and offset always, status and include_deleted=true
        // only when given; prints id, slug, display_name, status of each, and total
        var list = await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents?limit=50&offset=0");
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        foreach (var a in list.GetProperty("agents").EnumerateArray()) AssertStrings(a, "id", "slug", "display_name", "status");
        await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents?limit=50&offset=0&status=online");

        // agents get/describe REF [--include-deleted]: an empty query, or include_deleted=true
        AssertStrings(await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/reviewer"), "id", "slug", "display_name", "status");
        AssertStrings(await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/reviewer?include_deleted=true"), "id", "slug");

        // agents update REF --status away (and --clear-webhook-url sends an explicit null): prints id and slug
        AssertStrings(await api.ExpectAsync(HttpStatusCode.OK, "PATCH", "/v1/agents/reviewer", """{"status": "away"}"""), "id", "slug");

        // agents webhook-secret get REF: prints webhook_secret. regenerate REF posts json={} without the
        // X-Confirm-Destructive header that CueAPI's server requires for it (the SDK sends it): answered as CueAPI
        // answers it, 400 confirmation_required with nothing rotated; with the header, the new secret
        var secret = await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/reviewer/webhook-secret");
        var refused = await api.ExpectAsync(HttpStatusCode.BadRequest, "POST", "/v1/agents/reviewer/webhook-secret/regenerate", "{}");
        Assert.Equal("confirmation_required", refused.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(secret.GetProperty("webhook_secret").GetString(),
            (await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/reviewer/webhook-secret")).GetProperty("webhook_secret").GetString());
        var rotated = await api.ExpectAsync(HttpStatusCode.OK, "POST", "/v1/agents/reviewer/webhook-secret/regenerate", "{}",
            ("X-Confirm-Destructive", "true"));
        Assert.NotEqual(secret.GetProperty("webhook_secret").GetString(), rotated.GetProperty("webhook_secret").GetString());

        // agents delete REF --yes: 204, and the deleted agent is found again with include_deleted=true
        var (deleted, _) = await api.SendAsync("DELETE", "/v1/agents/writer");
        Assert.Equal(HttpStatusCode.NoContent, deleted);
        await api.ExpectAsync(HttpStatusCode.NotFound, "GET", "/v1/agents/writer");
        var found = await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/writer?include_deleted=true");
        Assert.True(DateTimeOffset.TryParse(found.GetProperty("deleted_at").GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _));
    }

    [Fact]
    public async Task The_cli_messages_inbox_sent_and_workers_requests_are_answered_with_the_fields_it_prints()
    {
        await using var server = await ServerHarness.StartAsync();
        var (_, key) = await server.RegisterTenantAsync();
        var api = new RawApi(server, key);
        await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents", """{"display_name": "Alice", "slug": "alice"}""");
        await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents", """{"display_name": "Bob", "slug": "bob"}""");

        // messages send --from alice --to bob --body …: the smallest body ({to, body}, nothing sent by default), the
        // sender as X-Cueapi-From-Agent; prints id, thread_id and delivery_state
        var plain = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/messages", """{"to": "bob", "body": "hello"}""",
            ("X-Cueapi-From-Agent", "alice"));
        AssertStrings(plain, "id", "thread_id", "delivery_state");

        // … with every option: the keys in the CLI's order, expects_reply only as true, Idempotency-Key as a header;
        // the same send again is the CLI's "dedup hit" (200), a different body its idempotency_key_conflict (409)
        const string full = """
            {"to": "bob", "body": "the body", "subject": "the subject", "reply_to": "REPLY", "priority": 5,
             "expects_reply": true, "reply_to_agent": "alice", "metadata": {"k": "v"}}
            """;
        var send = full.Replace("REPLY", plain.GetProperty("id").GetString(), StringComparison.Ordinal);
        (string, string)[] headers = [("X-Cueapi-From-Agent", "alice"), ("Idempotency-Key", "idemp-key-1")];
        var first = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/messages", send, headers);
        var again = await api.ExpectAsync(HttpStatusCode.OK, "POST", "/v1/messages", send, headers);
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        var conflict = await api.ExpectAsync(HttpStatusCode.Conflict, "POST", "/v1/messages",
            send.Replace("the body", "another body", StringComparison.Ordinal), headers);
        Assert.Equal("idempotency_key_conflict", conflict.GetProperty("error").GetProperty("code").GetString());

        // messages send --notify … (a newer CueAPI field): refused with 422 naming it, nothing sent
        var notify = await api.ExpectAsync(HttpStatusCode.UnprocessableEntity, "POST", "/v1/messages",
            """{"to": "bob", "body": "hi", "notify": ["alice"]}""", ("X-Cueapi-From-Agent", "alice"));
        Assert.Contains("notify", notify.ToString(), StringComparison.Ordinal);

        // agents inbox REF [--state …] and agents sent REF: limit and offset always; prints id, subject and total
        var inbox = await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/bob/inbox?limit=50&offset=0&state=queued");
        Assert.Equal(2, inbox.GetProperty("messages").GetArrayLength());
        Assert.Equal(JsonValueKind.Number, inbox.GetProperty("total").ValueKind);
        foreach (var m in inbox.GetProperty("messages").EnumerateArray()) AssertStrings(m, "id");
        var sent = await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/alice/sent?limit=50&offset=0");
        Assert.Equal(2, sent.GetProperty("total").GetInt32());

        // messages get / read / ack: prints delivery_state, read_at, acked_at
        var id = first.GetProperty("id").GetString();
        AssertStrings(await api.ExpectAsync(HttpStatusCode.OK, "GET", $"/v1/messages/{id}"), "id", "subject", "thread_id", "body");
        AssertStrings(await api.ExpectAsync(HttpStatusCode.OK, "POST", $"/v1/messages/{id}/read", "{}"), "delivery_state", "read_at");
        AssertStrings(await api.ExpectAsync(HttpStatusCode.OK, "POST", $"/v1/messages/{id}/ack", "{}"), "delivery_state", "acked_at");

        // workers list: prints worker_id, heartbeat_status, seconds_since_heartbeat, last_heartbeat; workers delete: 204
        await api.ExpectAsync(HttpStatusCode.OK, "POST", "/v1/worker/heartbeat", """{"worker_id": "w-1", "handlers": ["build"]}""");
        var worker = Assert.Single((await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/workers")).GetProperty("workers").EnumerateArray());
        AssertStrings(worker, "worker_id", "heartbeat_status", "last_heartbeat");
        Assert.Equal(JsonValueKind.Number, worker.GetProperty("seconds_since_heartbeat").ValueKind);
        var (removed, _) = await api.SendAsync("DELETE", "/v1/workers/w-1");
        Assert.Equal(HttpStatusCode.NoContent, removed);
    }

    private static void AssertStrings(JsonElement e, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.True(e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String,
                $"{name} is not a string where the CLI prints it: {e}");
        }
    }
}

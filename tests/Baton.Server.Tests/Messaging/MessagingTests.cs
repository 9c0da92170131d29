using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Baton.Client;
using Baton.Contracts.Messaging;
using Xunit;

namespace Baton.Server.Tests.Messaging;

/// <summary>Agents and messages through the real server (SQLite): the issue's behaviour end to end.</summary>
public sealed class MessagingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SendMessageRequest Text(string to, string body) => new() { To = to, Body = body };

    [Fact]
    public async Task An_agent_gets_a_derived_slug_and_its_webhook_secret_only_in_the_create_answer()
    {
        await using var server = await ServerHarness.StartAsync(s => s with { AllowPrivateCallbacks = true });
        var client = await server.NewTenantAsync();

        var first = await client.CreateAgentAsync(new AgentRequest { DisplayName = "Code Reviewer!", WebhookUrl = "http://127.0.0.1:9/hook" }, Ct);
        var second = await client.CreateAgentAsync(new AgentRequest { DisplayName = "code reviewer" }, Ct);
        var fetched = await client.GetAgentAsync("code-reviewer", Ct);

        Assert.Equal(("code-reviewer", "code-reviewer-2"), (first.Slug, second.Slug));
        Assert.Matches("^agt_[a-z0-9]{12}$", first.Id);
        Assert.Matches("^whsec_[0-9a-f]{64}$", first.WebhookSecret);
        Assert.Null(second.WebhookSecret);
        Assert.Null(fetched.WebhookSecret);
        Assert.Equal(first.Id, fetched.Id);
        Assert.Equal(JsonValueKind.Object, fetched.Metadata.ValueKind);
        Assert.Equal("offline", fetched.Status);
        Assert.Equal(first.Id, (await client.GetAgentAsync(first.Slug + "@" + first.UserId, Ct)).Id);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "agent_not_found", () => client.GetAgentAsync(first.Slug + "@tnt_someoneelse", Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "agent_slug_taken", () =>
            client.CreateAgentAsync(new AgentRequest { DisplayName = "x", Slug = "code-reviewer" }, Ct));
    }

    [Fact]
    public async Task Patching_an_agent_changes_what_was_sent_and_a_null_webhook_url_makes_it_pull_only()
    {
        await using var server = await ServerHarness.StartAsync(s => s with { AllowPrivateCallbacks = true });
        var (client, key) = await server.RegisterTenantAsync();
        var agent = await client.CreateAgentAsync(new AgentRequest { DisplayName = "Pusher", WebhookUrl = "http://127.0.0.1:9/hook" }, Ct);

        var online = await client.UpdateAgentAsync(agent.Id, new AgentRequest { Status = "online" }, Ct);
        using var clear = new HttpRequestMessage(HttpMethod.Patch, "/v1/agents/" + agent.Id)
        {
            Content = new StringContent("""{"webhook_url": null}""", Encoding.UTF8, "application/json"),
        };
        clear.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var cleared = await server.Http.SendAsync(clear, Ct);
        var pullOnly = await client.GetAgentAsync(agent.Id, Ct);

        Assert.Equal(("online", "Pusher", "http://127.0.0.1:9/hook"), (online.Status, online.DisplayName, online.WebhookUrl));
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Null(pullOnly.WebhookUrl);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "webhook_secret_not_found", () => client.RegenerateAgentWebhookSecretAsync(agent.Id, Ct));
        await client.DeleteAgentAsync(agent.Slug, Ct);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "agent_not_found", () => client.GetAgentAsync(agent.Id, Ct));
        Assert.Equal(1, (await client.ListAgentsAsync(includeDeleted: true, ct: Ct)).Total);
        Assert.Equal(0, (await client.ListAgentsAsync(ct: Ct)).Total);
    }

    [Fact]
    public async Task A_replayed_send_answers_200_with_the_same_message_and_a_different_body_answers_409()
    {
        await using var server = await ServerHarness.StartAsync();
        var (client, apiKey) = await server.RegisterTenantAsync();
        var a = await client.CreateAgentAsync(new AgentRequest { DisplayName = "a" }, Ct);
        var b = await client.CreateAgentAsync(new AgentRequest { DisplayName = "b" }, Ct);

        var (firstStatus, first) = await SendRawAsync(server, apiKey, "a", """{"to": "b", "body": "review PR 42"}""", "key-1");
        var (replayStatus, replay) = await SendRawAsync(server, apiKey, "a", """{"body": "review PR 42",  "to": "b"}""", "key-1");
        var (conflictStatus, conflict) = await SendRawAsync(server, apiKey, "a", """{"to": "b", "body": "review PR 43"}""", "key-1");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict), (firstStatus, replayStatus, conflictStatus));
        Assert.Equal(first.GetProperty("id").GetString(), replay.GetProperty("id").GetString());
        Assert.Equal("idempotency_key_conflict", conflict.GetProperty("error").GetProperty("code").GetString());
        var inbox = await client.ReadInboxAsync(b.Slug, ct: Ct);
        Assert.Equal(1, inbox.Total);
        Assert.Equal(("key-1", a.Id, b.Id), (inbox.Messages[0].IdempotencyKey, inbox.Messages[0].FromAgentId, inbox.Messages[0].ToAgentId));
    }

    [Fact]
    public async Task A_message_sent_for_later_is_not_in_the_inbox_until_its_send_at()
    {
        await using var server = await ServerHarness.StartAsync();
        var client = await server.NewTenantAsync();
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "a" }, Ct);
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "b" }, Ct);

        var later = await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "later", SendAt = DateTimeOffset.UtcNow.AddSeconds(2) }, ct: Ct);
        var now = await client.SendMessageAsync("a", Text("b", "now"), ct: Ct);
        var early = await client.ReadInboxAsync("b", ct: Ct);
        var waited = await client.ReadInboxAsync("b", new InboxQuery { State = "queued", WaitSeconds = 30 }, Ct);

        Assert.Equal([now.Id], early.Messages.Select(m => m.Id));
        Assert.Equal([later.Id], waited.Messages.Select(m => m.Id)); // woken by its send_at, not by polling
        Assert.Equal("delivered", waited.Messages[0].DeliveryState);
    }

    [Fact]
    public async Task A_parked_inbox_read_answers_with_the_message_sent_while_it_waited()
    {
        await using var server = await ServerHarness.StartAsync();
        var client = await server.NewTenantAsync();
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "a" }, Ct);
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "b" }, Ct);

        var watch = Stopwatch.StartNew();
        var read = client.ReadInboxAsync("b", new InboxQuery { State = "queued", WaitSeconds = 30 }, Ct);
        await Task.Delay(200, Ct);
        Assert.False(read.IsCompleted);
        var sent = await client.SendMessageAsync("a", Text("b", "ping"), ct: Ct);
        var page = await read;

        Assert.Equal([sent.Id], page.Messages.Select(m => m.Id));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "the read was woken by the send, not by its wait ending");
    }

    [Fact]
    public async Task A_reply_joins_the_thread_and_read_then_ack_end_the_message()
    {
        await using var server = await ServerHarness.StartAsync();
        var client = await server.NewTenantAsync();
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "a" }, Ct);
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "b" }, Ct);
        var execution = await client.EnqueueAsync(new Contracts.Executions.EnqueueExecutionRequest { Task = "review" }, Ct);

        var question = await client.SendMessageAsync("a", new SendMessageRequest
        {
            To = "b",
            Body = "review?",
            ExpectsReply = true,
            ExecutionId = execution.Execution.Id,
        }, ct: Ct);
        var answer = await client.SendMessageAsync("b", new SendMessageRequest { To = "a", Body = "done", ReplyTo = question.Id }, ct: Ct);
        var read = await client.MarkMessageReadAsync(question.Id, Ct);
        var acked = await client.AckMessageAsync(question.Id, Ct);

        Assert.Equal((question.Id, question.Id), (question.ThreadId, answer.ThreadId));
        Assert.Equal(execution.Execution.Id, question.ExecutionId);
        Assert.Equal(("read", "acked"), (read.DeliveryState, acked.DeliveryState));
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "invalid_state_transition", () => client.MarkMessageReadAsync(question.Id, Ct));
        var sent = await client.ListSentAsync("a", ct: Ct);
        Assert.Equal([question.Id], sent.Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task Another_tenant_sees_none_of_the_agents_or_messages_and_cannot_message_them()
    {
        await using var server = await ServerHarness.StartAsync();
        var alice = await server.NewTenantAsync();
        var mallory = await server.NewTenantAsync();
        var a = await alice.CreateAgentAsync(new AgentRequest { DisplayName = "a" }, Ct);
        await alice.CreateAgentAsync(new AgentRequest { DisplayName = "b" }, Ct);
        await mallory.CreateAgentAsync(new AgentRequest { DisplayName = "m" }, Ct);
        var message = await alice.SendMessageAsync("a", Text("b", "secret"), ct: Ct);

        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "agent_not_found", () => mallory.GetAgentAsync(a.Id, Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "message_not_found", () => mallory.GetMessageAsync(message.Id, Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "message_not_found", () => mallory.AckMessageAsync(message.Id, Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "agent_not_found", () => mallory.ReadInboxAsync(a.Id, ct: Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "agent_not_found", () => mallory.SendMessageAsync("m", Text(a.Id, "hi"), ct: Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "agent_not_found", () => mallory.SendMessageAsync(a.Id, Text("m", "hi"), ct: Ct));
        Assert.Equal("queued", (await alice.GetMessageAsync(message.Id, Ct)).DeliveryState);
    }

    [Fact]
    public async Task A_sender_over_its_per_minute_limit_gets_429_with_retry_after_and_other_senders_do_not()
    {
        await using var server = await ServerHarness.StartAsync(s => s with { MessageSendsPerMinute = 3 });
        var client = await server.NewTenantAsync();
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "chatty" }, Ct);
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "quiet" }, Ct);

        for (var i = 0; i < 3; i++) await client.SendMessageAsync("chatty", Text("quiet", "m" + i), ct: Ct);
        var limited = await ApiAssert.FailsAsync(HttpStatusCode.TooManyRequests, "rate_limit_exceeded", () =>
            client.SendMessageAsync("chatty", Text("quiet", "one too many"), ct: Ct));
        await client.SendMessageAsync("quiet", Text("chatty", "fine"), ct: Ct);

        Assert.NotNull(limited.RetryAfter);
        Assert.Equal(3, (await client.ReadInboxAsync("quiet", ct: Ct)).Total);
    }

    [Fact]
    public async Task A_send_with_verify_echo_gets_back_the_body_it_sent_and_its_sha256()
    {
        await using var server = await ServerHarness.StartAsync();
        var (client, key) = await server.RegisterTenantAsync();
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "a" }, Ct);
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "b" }, Ct);
        const string body = """{"to": "b", "body": "costs $(whoami) and `date`"}""";

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("X-Cueapi-From-Agent", "a");
        request.Headers.Add("X-CueAPI-Verify-Echo", "true");
        using var response = await server.Http.SendAsync(request, Ct);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("costs $(whoami) and `date`", answer.GetProperty("body_received").GetProperty("body").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))), answer.GetProperty("body_received_sha256").GetString());
        Assert.Equal(answer.GetProperty("body").GetString(), answer.GetProperty("body_received").GetProperty("body").GetString());
    }

    [Fact]
    public async Task The_roster_answers_304_to_its_own_etag_until_an_agent_changes()
    {
        await using var server = await ServerHarness.StartAsync();
        var (client, key) = await server.RegisterTenantAsync();
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "a", Metadata = JsonDocument.Parse("""{"description": "reviews PRs"}""").RootElement }, Ct);

        using var first = await GetRosterAsync(server, key, null);
        var etag = first.Headers.ETag!.Tag;
        using var again = await GetRosterAsync(server, key, etag);
        await client.UpdateAgentAsync("a", new AgentRequest { Status = "online" }, Ct);
        using var changed = await GetRosterAsync(server, key, etag);
        var roster = await client.GetRosterAsync(Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotModified, HttpStatusCode.OK), (first.StatusCode, again.StatusCode, changed.StatusCode));
        var entry = Assert.Single(roster.Agents);
        Assert.Equal(("a", "reviews PRs", true, "inbox", "online"), (entry.Name, entry.Description, entry.Online, entry.PreferredContact, entry.Status));
    }

    private static async Task<HttpResponseMessage> GetRosterAsync(ServerHarness server, string key, string? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/agents/roster");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (etag is not null) request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag));
        return await server.Http.SendAsync(request, Ct);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendRawAsync(
        ServerHarness server, string apiKey, string from, string json, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Add("X-Cueapi-From-Agent", from);
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        using var response = await server.Http.SendAsync(request, Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone());
    }
}

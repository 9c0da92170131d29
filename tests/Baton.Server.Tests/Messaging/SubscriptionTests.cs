using System.Net;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Contracts.Messaging;
using Xunit;

namespace Baton.Server.Tests.Messaging;

/// <summary>Subscriptions, the agent event feed and messages beside executions, through the real server (SQLite).</summary>
public sealed class SubscriptionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(ServerHarness Server, BatonClient Client, RawApi Api)> StartAsync(bool privateCallbacks = false)
    {
        var server = await ServerHarness.StartAsync(s => s with { AllowPrivateCallbacks = privateCallbacks });
        var (client, key) = await server.RegisterTenantAsync();
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "a" }, Ct);
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "b" }, Ct);
        return (server, client, new RawApi(server, key));
    }

    [Fact]
    public async Task A_subscription_is_created_listed_acked_forward_only_and_deleted()
    {
        var (server, client, api) = await StartAsync();
        await using var _ = server;

        var sub = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents/b/subscriptions", """{"event_type": "message.delivered"}""");
        var id = sub.GetProperty("id").GetString()!;
        Assert.Matches("^sub_[a-z0-9]{12}$", id);
        Assert.Equal(("pull", 0L), (sub.GetProperty("delivery_target").GetString(), sub.GetProperty("ack_watermark").GetInt64()));
        var again = await api.ExpectAsync(HttpStatusCode.Conflict, "POST", "/v1/agents/b/subscriptions", """{"event_type": "message.delivered", "delivery_target": "pull"}""");
        Assert.Equal("subscription_exists", again.GetProperty("error").GetProperty("code").GetString());
        var noUrl = await api.ExpectAsync(HttpStatusCode.UnprocessableEntity, "POST", "/v1/agents/b/subscriptions", """{"event_type": "message.digest", "delivery_target": "webhook"}""");
        Assert.Equal("webhook_url_required", noUrl.GetProperty("error").GetProperty("code").GetString());

        await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "one" }, ct: Ct);
        await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "two" }, ct: Ct);
        var acked = await api.ExpectAsync(HttpStatusCode.OK, "PATCH", $"/v1/agents/b/subscriptions/{id}/ack", """{"ack_watermark": 2}""");
        var back = await api.ExpectAsync(HttpStatusCode.OK, "PATCH", $"/v1/agents/b/subscriptions/{id}/ack", """{"ack_watermark": 1}""");
        var ahead = await api.ExpectAsync(HttpStatusCode.UnprocessableEntity, "PATCH", $"/v1/agents/b/subscriptions/{id}/ack", """{"ack_watermark": 3}""");
        var listed = await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/b/subscriptions");

        Assert.Equal((2L, 2L), (acked.GetProperty("ack_watermark").GetInt64(), back.GetProperty("ack_watermark").GetInt64()));
        Assert.Equal("ack_watermark_ahead", ahead.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(2L, listed.GetProperty("subscriptions")[0].GetProperty("ack_watermark").GetInt64());
        await api.ExpectAsync(HttpStatusCode.NoContent, "DELETE", $"/v1/agents/b/subscriptions/{id}");
        await api.ExpectAsync(HttpStatusCode.NotFound, "DELETE", $"/v1/agents/b/subscriptions/{id}");
        Assert.Equal(0, (await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/b/subscriptions")).GetProperty("subscriptions").GetArrayLength());
    }

    [Fact]
    public async Task A_parked_event_read_answers_with_the_event_of_a_message_sent_while_it_waited()
    {
        var (server, client, api) = await StartAsync();
        await using var _ = server;
        await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents/b/subscriptions", """{"event_type": "message.delivered"}""");
        await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/agents/b/subscriptions", """{"event_type": "message.digest"}""");

        var parked = api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/b/events?since=0&wait=30&event_type=message.delivered");
        await Task.Delay(200, Ct);
        Assert.False(parked.IsCompleted);
        var sent = await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "wake up", Subject = "ping" }, ct: Ct);
        var page = await parked;

        var events = page.GetProperty("events");
        Assert.Equal(1, events.GetArrayLength());
        var e = events[0];
        Assert.Equal((1L, "message.delivered", sent.Id), (e.GetProperty("id").GetInt64(), e.GetProperty("event_type").GetString(), e.GetProperty("message_id").GetString()));
        Assert.Equal(("ping", "wake up"), (e.GetProperty("payload").GetProperty("subject").GetString(), e.GetProperty("payload").GetProperty("preview").GetString()));
        Assert.Equal((1L, 2L), (page.GetProperty("next_cursor").GetInt64(), page.GetProperty("last_event_id").GetInt64()));

        var rest = await api.ExpectAsync(HttpStatusCode.OK, "GET", "/v1/agents/b/events?since=1");
        Assert.Equal("message.digest", rest.GetProperty("events")[0].GetProperty("event_type").GetString());
        Assert.Equal(sent.Id, rest.GetProperty("events")[0].GetProperty("payload").GetProperty("message_ids")[0].GetString());
    }

    [Fact]
    public async Task A_message_naming_an_execution_is_in_that_executions_conversation_and_only_its_tenant_sees_it()
    {
        var (server, client, api) = await StartAsync();
        await using var _ = server;
        var (other, otherKey) = await server.RegisterTenantAsync();
        var execution = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "review" }, Ct)).Execution;
        var foreign = (await other.EnqueueAsync(new EnqueueExecutionRequest { Task = "theirs" }, Ct)).Execution;

        var question = await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "please review", ExecutionId = execution.Id }, ct: Ct);
        await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "unrelated" }, ct: Ct);
        var answer = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/messages",
            $$$"""{"to": "a", "body": "done", "reply_to": "{{{question.Id}}}", "metadata": {"execution_id": "{{{execution.Id}}}"}}""", ("X-Cueapi-From-Agent", "b"));
        var unknownInMetadata = await api.ExpectAsync(HttpStatusCode.Created, "POST", "/v1/messages",
            $$$"""{"to": "a", "body": "their id", "metadata": {"execution_id": "{{{Guid.NewGuid()}}}"}}""", ("X-Cueapi-From-Agent", "b"));
        var refused = await api.ExpectAsync(HttpStatusCode.UnprocessableEntity, "POST", "/v1/messages",
            $$"""{"to": "a", "body": "sneaky", "execution_id": "{{foreign.Id}}"}""", ("X-Cueapi-From-Agent", "b"));
        var conversation = await client.ListExecutionMessagesAsync(execution.Id, Ct);

        Assert.Equal(execution.Id, question.ExecutionId);
        Assert.Equal(execution.Id.ToString("D"), answer.GetProperty("execution_id").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, unknownInMetadata.GetProperty("execution_id").ValueKind);
        Assert.Equal("invalid_execution_id", refused.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal([question.Id, answer.GetProperty("id").GetString()], conversation.Messages.Select(m => m.Id));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "execution_not_found", () => other.ListExecutionMessagesAsync(execution.Id, Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "execution_not_found", () => client.ListExecutionMessagesAsync(foreign.Id, Ct));
        Assert.Empty((await new RawApi(server, otherKey).ExpectAsync(HttpStatusCode.OK, "GET", $"/v1/executions/{foreign.Id}/messages"))
            .GetProperty("messages").EnumerateArray());
    }
}

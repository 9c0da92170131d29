using System.Net;
using System.Text;
using System.Text.Json;
using Baton.Client;
using Baton.Contracts.Messaging;
using Baton.Server.Tests.Webhooks;
using Baton.Server.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Baton.Server.Tests.Messaging;

/// <summary>Push delivery of messages to an agent's webhook_url: signed with the agent's secret, retried, SSRF-guarded.</summary>
public sealed class MessagePushTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan[] QuickBackoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)];

    [Fact]
    public async Task A_push_is_signed_with_the_agents_secret_and_retried_after_a_500_until_it_lands()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 200);
        await using var server = await ServerHarness.StartAsync(
            s => s with { AllowPrivateCallbacks = true },
            b => b.Services.AddSingleton(new WebhookSettings { AllowPrivateCallbacks = true, MessagePushBackoff = QuickBackoff }));
        var client = await server.NewTenantAsync();
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "a" }, Ct);
        var b = await client.CreateAgentAsync(new AgentRequest { DisplayName = "b", WebhookUrl = receiver.Url.ToString() }, Ct);

        var sent = await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "naïve café ✓" }, ct: Ct);
        var requests = await receiver.WaitForAsync(2);
        var landed = await EventuallyAsync(client, sent.Id, m => m.PushState == "sent");

        Assert.Equal(["1", "2"], requests.Select(r => r.Header("X-CueAPI-Attempt")));
        foreach (var request in requests)
        {
            var timestamp = request.Header("X-CueAPI-Timestamp");
            var expected = IndependentVerifier.Sign(b.WebhookSecret!, timestamp, IndependentVerifier.Reserialize(request.Body));
            Assert.Equal(expected, request.Header("X-CueAPI-Signature"));
            Assert.Equal(IndependentVerifier.Reserialize(request.Body), Encoding.UTF8.GetString(request.Body));
            Assert.Equal(sent.Id, request.Header("X-CueAPI-Message-Id"));
            using var body = JsonDocument.Parse(request.Body);
            Assert.Equal("message.delivered", body.RootElement.GetProperty("event_type").GetString());
            Assert.Equal("naïve café ✓", body.RootElement.GetProperty("message").GetProperty("body").GetString());
        }

        Assert.Equal("delivered", landed.DeliveryState);
        Assert.Empty((await client.ReadInboxAsync("b", new InboxQuery { State = "queued" }, Ct)).Messages);
    }

    [Fact]
    public async Task A_push_gives_up_after_its_last_retry_and_the_message_stays_in_the_inbox()
    {
        await using var receiver = await WebhookReceiver.StartAsync(503);
        await using var server = await ServerHarness.StartAsync(
            s => s with { AllowPrivateCallbacks = true },
            b => b.Services.AddSingleton(new WebhookSettings { AllowPrivateCallbacks = true, MessagePushBackoff = QuickBackoff }));
        var client = await server.NewTenantAsync();
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "a" }, Ct);
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "b", WebhookUrl = receiver.Url.ToString() }, Ct);

        var sent = await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "hello" }, ct: Ct);
        var failed = await EventuallyAsync(client, sent.Id, m => m.PushState == "failed");

        Assert.Equal(3, receiver.Requests.Count);
        Assert.Equal("HTTP 503", failed.PushError);
        Assert.Equal([sent.Id], (await client.ReadInboxAsync("b", new InboxQuery { State = "queued" }, Ct)).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task A_push_is_never_sent_to_a_blocked_address_at_save_or_after_the_name_moves_there()
    {
        var dns = new FakeHostResolver();
        dns.Answer("hooks.test", "203.0.113.10");
        dns.Answer("loopback.test", "127.0.0.1");
        await using var receiver = await WebhookReceiver.StartAsync(200);
        await using var server = await ServerHarness.StartAsync(configure: b => b.Services.AddSingleton<IHostResolver>(dns));
        var client = await server.NewTenantAsync();
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "a" }, Ct);

        await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, "invalid_webhook_url", () =>
            client.CreateAgentAsync(new AgentRequest { DisplayName = "x", WebhookUrl = "https://loopback.test/hook" }, Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, "invalid_webhook_url", () =>
            client.CreateAgentAsync(new AgentRequest { DisplayName = "x", WebhookUrl = "https://169.254.169.254/latest" }, Ct));
        await client.CreateAgentAsync(new AgentRequest { DisplayName = "b", WebhookUrl = $"https://hooks.test:{receiver.Url.Port}/hook" }, Ct);
        dns.Answer("hooks.test", "127.0.0.1"); // rebinding: the name now points at the server's own host
        var sent = await client.SendMessageAsync("a", new SendMessageRequest { To = "b", Body = "secret" }, ct: Ct);
        var refused = await EventuallyAsync(client, sent.Id, m => m.PushState == "failed");

        Assert.Contains("refused", refused.PushError, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", refused.PushError, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
        Assert.Equal(["a", "b"], (await client.ListAgentsAsync(ct: Ct)).Agents.Select(x => x.Slug)); // the refused ones were not stored
    }

    private static async Task<MessageResponse> EventuallyAsync(BatonClient client, string id, Func<MessageResponse, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var m = await client.GetMessageAsync(id, Ct);
            if (done(m)) return m;
            Assert.True(DateTime.UtcNow < deadline, $"push stayed {m.PushState} ({m.PushError})");
            await Task.Delay(25, Ct);
        }
    }
}

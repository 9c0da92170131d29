using System.Globalization;
using System.Text;
using System.Text.Json;
using Baton.Client;
using Baton.Contracts.Cues;
using Baton.Core.Cues;
using Baton.Core.Maintenance;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Baton.Server.Tests.Webhooks;

/// <summary>
/// A receiver that always answers 500, end to end with the server's own parts: the dispatcher delivers every
/// attempt, the execution fails, and the cue effects finish a <c>once</c> cue as <c>failed</c>, pause a recurring cue
/// with <c>on_failure.pause</c>, and POST the signed <c>cue.failed</c> notice to a second real receiver.
/// </summary>
public sealed class WebhookFailureTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private ServerHarness _server = null!;
    private BatonClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerHarness.StartAsync(s => s with { Time = _time, RunMaintenance = false, AllowPrivateCallbacks = true });
        await _server.Service<LeaderElection>().TryLeadAsync(Ct);
        _client = await _server.NewTenantAsync();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_once_cue_whose_receiver_always_fails_ends_failed_after_every_attempt_and_sends_one_signed_notice()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        await using var notices = await WebhookReceiver.StartAsync(200);
        var cue = await _client.CreateCueAsync(WebhookDeliveryTests.WebhookCue(receiver.Url) with
        {
            OnFailure = new CueOnFailureBody { Webhook = notices.Url.ToString() },
            Schedule = new CueScheduleBody { Type = "once", At = Start.AddMinutes(10) },
            Retry = new CueRetryBody { MaxAttempts = 3, BackoffMinutes = [1, 2] },
        }, Ct);

        var id = await FireScheduledSlotAsync(cue.Id, TimeSpan.FromMinutes(10));
        await receiver.WaitForAsync(1);
        await WebhookTestKit.EventuallyAsync(_client, id, e => e is { Status: "retrying", Attempts: 1 });
        await WebhookTestKit.AdvanceAsync(_server, _time, TimeSpan.FromMinutes(1));
        await receiver.WaitForAsync(2);
        await WebhookTestKit.EventuallyAsync(_client, id, e => e is { Status: "retrying", Attempts: 2 });
        await WebhookTestKit.AdvanceAsync(_server, _time, TimeSpan.FromMinutes(2));
        var failed = await _client.WaitForExecutionAsync(id, TimeSpan.FromSeconds(15), Ct);
        Assert.Equal(("failed", 3, 500), (failed.Status, failed.Attempts, failed.HttpStatus));
        Assert.Equal(3, receiver.Requests.Count);

        await _server.Service<CueEffects>().RunOnceAsync(Ct);
        Assert.Equal("failed", (await _client.GetCueAsync(cue.Id, ct: Ct)).Status);
        var notice = await SingleNoticeAsync(notices);
        Assert.Equal(("cue.failed", cue.Id, cue.Name, 3, "receiver says 500"), (
            notice.GetProperty("event").GetString(), notice.GetProperty("cue_id").GetString(),
            notice.GetProperty("cue_name").GetString(), notice.GetProperty("attempts").GetInt32(),
            notice.GetProperty("last_error").GetString()));
    }

    [Fact]
    public async Task A_recurring_cue_with_on_failure_pause_is_paused_when_its_receiver_always_fails()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        await using var notices = await WebhookReceiver.StartAsync(200);
        var cue = await _client.CreateCueAsync(WebhookDeliveryTests.WebhookCue(receiver.Url) with
        {
            Schedule = new CueScheduleBody { Type = "recurring", Cron = "0 * * * *" },
            Retry = new CueRetryBody { MaxAttempts = 1, BackoffMinutes = [1] },
            OnFailure = new CueOnFailureBody { Pause = true, Webhook = notices.Url.ToString() },
        }, Ct);

        var id = await FireScheduledSlotAsync(cue.Id, TimeSpan.FromHours(1));
        var failed = await _client.WaitForExecutionAsync(id, TimeSpan.FromSeconds(15), Ct);
        Assert.Equal(("failed", 1), (failed.Status, failed.Attempts));

        await _server.Service<CueEffects>().RunOnceAsync(Ct);
        var paused = await _client.GetCueAsync(cue.Id, ct: Ct);
        Assert.Equal("paused", paused.Status);
        Assert.Null(paused.NextRun);
        Assert.Equal(cue.Id, (await SingleNoticeAsync(notices)).GetProperty("cue_id").GetString());

        // Paused: the next hour's slot does not fire.
        _time.Advance(TimeSpan.FromHours(1));
        await _server.Service<CueScheduler>().RunOnceAsync(_time.GetUtcNow(), Ct);
        Assert.Equal(1, (await _client.ListExecutionsAsync(new ExecutionListQuery { CueId = cue.Id }, Ct)).Total);
    }

    /// <summary>Moves the clock to the cue's slot and runs the scheduler: the slot's one execution.</summary>
    private async Task<Guid> FireScheduledSlotAsync(string cueId, TimeSpan by)
    {
        _time.Advance(by);
        await _server.Service<CueScheduler>().RunOnceAsync(_time.GetUtcNow(), Ct);
        var executions = await _client.ListExecutionsAsync(new ExecutionListQuery { CueId = cueId }, Ct);
        var scheduled = Assert.Single(executions.Executions);
        Assert.Equal("scheduled", scheduled.TriggeredBy);
        return scheduled.Id;
    }

    /// <summary>The one notice that arrived, after its signature is checked by the independent verifier.</summary>
    private async Task<JsonElement> SingleNoticeAsync(WebhookReceiver notices)
    {
        var request = (await notices.WaitForAsync(1))[0];
        var secret = (await _client.GetWebhookSecretAsync(Ct)).WebhookSecret;
        var body = Encoding.UTF8.GetString(request.Body);
        Assert.Equal(body, IndependentVerifier.Reserialize(request.Body));
        Assert.Equal(IndependentVerifier.Sign(secret, request.Header("X-CueAPI-Timestamp"), body), request.Header("X-CueAPI-Signature"));
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Header("X-CueAPI-Timestamp"));

        // Applying the effects again (another pass, or the hosted loop) sends nothing more.
        await _server.Service<CueEffects>().RunOnceAsync(Ct);
        await Task.Delay(200, Ct);
        Assert.Single(notices.Requests);
        return JsonDocument.Parse(request.Body).RootElement;
    }
}

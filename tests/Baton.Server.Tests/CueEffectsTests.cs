using System.Net;
using Baton.Client;
using Baton.Contracts.Cues;
using Baton.Contracts.Executions;
using Baton.Core;
using Baton.Core.Cues;
using Baton.Core.Maintenance;
using Baton.Core.Notifications;
using Baton.Core.Storage;
using Baton.Core.Tenants;
using Baton.Core.Webhooks;
using Baton.Server.Tests.Webhooks;
using Baton.Server.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Baton.Server.Tests.CueTestKit;

namespace Baton.Server.Tests;

/// <summary>
/// What the end of an execution does to its cue, applied by <see cref="CueEffects"/> following the event log:
/// once cues finish, on_failure pauses and notifies, on_success_fire chains once, consecutive failures alert.
/// The loop is driven by hand with fake time.
/// </summary>
public sealed class CueEffectsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingWebhookSender _webhooks = new();
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerHarness.StartAsync(s => s with { Time = _time, RunMaintenance = false },
            b =>
            {
                b.Services.AddSingleton<IWebhookSender>(_webhooks);

                // The notice URL is checked at save like any callback; this machine has no DNS, so the name's answer
                // (a public address) comes from the test.
                var dns = new FakeHostResolver();
                dns.Answer("hooks.example.com", "93.184.215.14");
                b.Services.AddSingleton<IHostResolver>(dns);
            });
        await _server.Service<LeaderElection>().TryLeadAsync(Ct);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private Task<CueEffectsPass> ApplyEffectsAsync() => _server.Service<CueEffects>().RunOnceAsync(Ct);

    private async Task TickSchedulerAsync(TimeSpan advance)
    {
        _time.Advance(advance);
        await _server.Service<CueScheduler>().RunOnceAsync(_time.GetUtcNow(), Ct);
    }

    private async Task<(ClaimResponse Claim, OutcomeRecordedResponse Outcome)> ClaimAndReportAsync(
        BatonClient client, RecordOutcomeRequest outcome)
    {
        var claim = await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w1" }, Ct);
        return (claim, await client.RecordOutcomeAsync(claim.ExecutionId, outcome, "w1", claim.ClaimToken, Ct));
    }

    private CueRequest OnceCue(string name, int unclaimedTimeout = 900) => OnDemandCue(name, maxAttempts: 1) with
    {
        Schedule = new CueScheduleBody { Type = "once", At = _time.GetUtcNow().AddMinutes(10) },
        UnclaimedTimeoutSeconds = unclaimedTimeout,
    };

    [Fact]
    public async Task A_once_cue_completes_when_its_execution_succeeds()
    {
        var client = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(OnceCue("release"), Ct);
        await TickSchedulerAsync(TimeSpan.FromMinutes(10));
        await ClaimAndReportAsync(client, Success());

        Assert.Equal("active", (await client.GetCueAsync(cue.Id, ct: Ct)).Status); // not until the loop runs
        await ApplyEffectsAsync();
        var done = await client.GetCueAsync(cue.Id, ct: Ct);
        Assert.Equal("completed", done.Status);
        Assert.Null(done.NextRun);
    }

    [Fact]
    public async Task A_once_cue_fails_when_its_execution_finally_fails_or_is_missed()
    {
        var client = await _server.NewTenantAsync();
        var fails = await client.CreateCueAsync(OnceCue("fails"), Ct);
        await TickSchedulerAsync(TimeSpan.FromMinutes(10));
        await ClaimAndReportAsync(client, Failure());

        var missed = await client.CreateCueAsync(OnceCue("nobody-claims", unclaimedTimeout: 60), Ct);
        await TickSchedulerAsync(TimeSpan.FromMinutes(10));
        _time.Advance(TimeSpan.FromMinutes(2));
        await _server.Service<MaintenanceLoop>().RunOnceAsync(_time.GetUtcNow(), Ct);

        await ApplyEffectsAsync();
        Assert.Equal("failed", (await client.GetCueAsync(fails.Id, ct: Ct)).Status);
        Assert.Equal("failed", (await client.GetCueAsync(missed.Id, ct: Ct)).Status);
        var cueFailed = await client.ListEventsAsync(query: new EventQuery { CueId = missed.Id }, ct: Ct);
        Assert.Single(cueFailed.Events, e => e.Type == "cue.failed");
    }

    [Fact]
    public async Task A_recurring_cue_with_on_failure_pause_is_paused_after_a_final_failure_and_notifies_its_webhook()
    {
        var client = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(OnDemandCue("hourly", maxAttempts: 1) with
        {
            Schedule = new CueScheduleBody { Type = "recurring", Cron = "0 * * * *" },
            OnFailure = new CueOnFailureBody { Pause = true, Webhook = "https://hooks.example.com/baton" },
        }, Ct);
        await TickSchedulerAsync(TimeSpan.FromHours(1));
        var (claim, _) = await ClaimAndReportAsync(client, Failure());

        var pass = await ApplyEffectsAsync();
        Assert.True(pass.Applied >= 1);
        var paused = await client.GetCueAsync(cue.Id, ct: Ct);
        Assert.Equal("paused", paused.Status);
        Assert.Null(paused.NextRun);
        var types = (await client.ListEventsAsync(query: new EventQuery { CueId = cue.Id }, ct: Ct)).Events.Select(e => e.Type);
        Assert.Contains("cue.paused", types);
        Assert.Contains("cue.failed", types);

        var sent = Assert.Single(_webhooks.Sent);
        Assert.Equal("https://hooks.example.com/baton", sent.Url);
        Assert.Equal("cue.failed", sent.Body["event"]!.GetValue<string>());
        Assert.Equal((cue.Id, "hourly", 1, "boom"), (sent.Body["cue_id"]!.GetValue<string>(),
            sent.Body["cue_name"]!.GetValue<string>(), sent.Body["attempts"]!.GetValue<int>(),
            sent.Body["last_error"]!.GetValue<string>()));
        Assert.Equal(claim.ExecutionId.ToString("D"), sent.DeliveryHeaders["X-CueAPI-Execution-Id"]);

        // Reading the log again (the cursor put back) neither pauses nor notifies twice.
        await RewindCursorAsync();
        await ApplyEffectsAsync();
        Assert.Single(_webhooks.Sent);
    }

    [Fact]
    public async Task On_success_fire_chains_exactly_once_even_when_the_loop_reads_the_event_again()
    {
        var (client, key) = await _server.RegisterTenantAsync();
        var target = await client.CreateCueAsync(OnDemandCue("deploy"), Ct);
        var source = await client.CreateCueAsync(OnDemandCue("build") with { OnSuccessFire = target.Id }, Ct);
        var recorded = await FireClaimAndReportAsync(client, source.Id, Success());

        await ApplyEffectsAsync();
        await RewindCursorAsync();
        var again = await ApplyEffectsAsync();
        Assert.True(again.Read > 0);
        Assert.Equal(0, again.Applied);
        // A fresh loop (a restarted server, or a new leader) finds nothing to do either.
        await new CueEffects(_server.Service<IBatonStore>(), _server.Service<INotifier>(), _server.Service<ChangePublisher>(),
            _server.Service<CueService>(),
            _server.Service<BatonOptions>(), _time, NullLogger<CueEffects>.Instance).RunOnceAsync(Ct);

        var chained = await client.ListExecutionsAsync(new ExecutionListQuery { CueId = target.Id }, Ct);
        var execution = Assert.Single(chained.Executions);
        Assert.Equal("chain", execution.TriggeredBy);
        Assert.Equal(1, (await client.GetCueAsync(target.Id, ct: Ct)).FiredCount);

        // Even past the loop's per-event marker (a crash between the fire and the marker), firing the chain again
        // for the same source execution gives back the same execution.
        var tenant = await _server.Service<AccountService>().AuthenticateAsync(key, Ct);
        var (refired, existing) = await _server.Service<CueService>().FireChainAsync(tenant, target.Id, recorded.ExecutionId, Ct);
        Assert.True(existing);
        Assert.Equal(execution.Id, refired.Id);
    }

    [Fact]
    public async Task Consecutive_failures_alert_at_the_third_and_is_deduplicated_for_five_minutes()
    {
        var client = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(OnDemandCue("flaky", maxAttempts: 1), Ct);

        async Task<int> FailOnceAsync()
        {
            await FireClaimAndReportAsync(client, cue.Id, Failure());
            await ApplyEffectsAsync();
            return (await client.ListAlertsAsync("consecutive_failures", ct: Ct)).Alerts.Count;
        }

        Assert.Equal(0, await FailOnceAsync());
        Assert.Equal(0, await FailOnceAsync());
        Assert.Equal(1, await FailOnceAsync());
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, await FailOnceAsync()); // within five minutes of the first: deduplicated
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, await FailOnceAsync());

        var alerts = await client.ListAlertsAsync(ct: Ct);
        Assert.Equal(2, alerts.Total);
        Assert.All(alerts.Alerts, a => Assert.Equal((cue.Id, "critical"), (a.CueId, a.Severity)));
        Assert.Equal(_time.GetUtcNow(), alerts.Alerts[0].CreatedAt);
        Assert.Single((await client.ListAlertsAsync(since: _time.GetUtcNow().AddMinutes(-1), ct: Ct)).Alerts);
        Assert.Empty((await client.ListAlertsAsync("verification_failed", ct: Ct)).Alerts);
        var page = await client.ListAlertsAsync(limit: 1, ct: Ct);
        Assert.Equal((1, 2L, true), (page.Alerts.Count, page.Total, page.HasMore));
    }

    [Fact]
    public async Task A_success_between_failures_starts_the_count_again()
    {
        var client = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(OnDemandCue("flaky", maxAttempts: 1), Ct);
        await FireClaimAndReportAsync(client, cue.Id, Failure());
        await FireClaimAndReportAsync(client, cue.Id, Failure());
        await FireClaimAndReportAsync(client, cue.Id, Success());
        await FireClaimAndReportAsync(client, cue.Id, Failure());
        await FireClaimAndReportAsync(client, cue.Id, Failure());
        await ApplyEffectsAsync();

        Assert.Empty((await client.ListAlertsAsync(ct: Ct)).Alerts);
    }

    [Theory]
    [InlineData("alert_type=nope")]
    [InlineData("since=yesterday")]
    [InlineData("limit=0")]
    [InlineData("offset=-1")]
    public async Task Bad_alert_filters_are_a_422(string query)
    {
        var (_, key) = await _server.RegisterTenantAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/alerts?" + query);
        request.Headers.Authorization = new("Bearer", key);
        using var response = await _server.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    private async Task RewindCursorAsync()
    {
        var store = _server.Service<IBatonStore>();
        var at = await store.GetCueEffectsCursorAsync(Ct);
        Assert.True(await store.SaveCueEffectsCursorAsync(new SaveCueEffectsCursorParams(at, "", _time.GetUtcNow()), Ct));
    }

    /// <summary>Stands in for the server's webhook sender (another change): records what would be signed and sent.</summary>
    private sealed class RecordingWebhookSender : IWebhookSender
    {
        public List<WebhookMessage> Sent { get; } = [];

        public Task<WebhookResult> SendAsync(WebhookMessage message, CancellationToken ct)
        {
            lock (Sent) Sent.Add(message);
            return Task.FromResult(new WebhookResult(200, "ok", null));
        }
    }
}

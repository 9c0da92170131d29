using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Baton.Contracts.Cues;
using Baton.Contracts.Executions;
using Baton.Core.Cues;
using Baton.Core.Maintenance;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>Cues over HTTP: CRUD, pause/resume, the scheduler driven by fake time, manual fire.</summary>
public sealed class CueTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerHarness.StartAsync(s => s with { Time = _time, RunMaintenance = false });
        await _server.Service<LeaderElection>().TryLeadAsync(Ct);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static CueRequest WorkerCue(string name, string cron = "*/10 * * * *") => new()
    {
        Name = name,
        Schedule = new CueScheduleBody { Type = "recurring", Cron = cron, Timezone = "UTC" },
        Transport = "worker",
        Payload = JsonDocument.Parse("""{"task":"digest","team":"ops"}""").RootElement,
        Retry = new CueRetryBody { MaxAttempts = 4, BackoffMinutes = [2] },
        Queue = "mail",
        Priority = 7,
        CatchUp = "skip_missed",
        RequiredPayloadKeys = ["team"],
    };

    private async Task<int> TickAsync(TimeSpan advance)
    {
        _time.Advance(advance);
        return await _server.Service<CueScheduler>().RunOnceAsync(_time.GetUtcNow(), Ct);
    }

    [Fact]
    public async Task A_created_cue_reads_back_lists_and_fires_its_slots_as_claimable_executions()
    {
        var client = await _server.NewTenantAsync();
        var created = await client.CreateCueAsync(WorkerCue("digest"), Ct);

        Assert.StartsWith("cue_", created.Id);
        Assert.Equal(16, created.Id.Length);
        Assert.Equal("active", created.Status);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 10, 0, TimeSpan.Zero), created.NextRun);
        Assert.Equal(900, created.UnclaimedTimeoutSeconds);
        Assert.NotNull(created.Warning); // no worker has heartbeated
        Assert.Equal("skip_missed", created.CatchUp);
        Assert.Equal([2], created.Retry.BackoffMinutes);

        Assert.Equal(1, await TickAsync(TimeSpan.FromMinutes(10)));
        var claim = await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w1", Task = "digest" }, Ct);
        var execution = claim.Execution!;
        Assert.Equal(created.Id, execution.CueId);
        Assert.Equal("scheduled", execution.TriggeredBy);
        Assert.Equal("mail", execution.Queue);
        Assert.Equal(7, execution.Priority);
        Assert.Equal(4, execution.MaxAttempts);

        var read = await client.GetCueAsync(created.Id, ct: Ct);
        Assert.Equal(1, read.RunCount);
        Assert.Equal(1, read.ExecutionTotal);
        Assert.Equal(execution.Id, Assert.Single(read.Executions!).Id);
        Assert.Equal(created.Id, Assert.Single((await client.ListCuesAsync(ct: Ct)).Cues).Id);
    }

    [Fact]
    public async Task A_worker_cue_has_no_warning_when_a_worker_heartbeated_recently()
    {
        var client = await _server.NewTenantAsync();
        await client.WorkerHeartbeatAsync(new() { WorkerId = "w1" }, Ct);
        Assert.Null((await client.CreateCueAsync(WorkerCue("digest"), Ct)).Warning);
    }

    [Fact]
    public async Task A_paused_cue_never_fires_and_resume_recomputes_next_run_from_now()
    {
        var client = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(WorkerCue("digest"), Ct);

        var paused = await client.PauseCueAsync(cue.Id, Ct);
        Assert.Equal("paused", paused.Status);
        Assert.Null(paused.NextRun);
        Assert.Equal(0, await TickAsync(TimeSpan.FromHours(3)));

        _time.Advance(TimeSpan.FromMinutes(3)); // 15:03
        var resumed = await client.ResumeCueAsync(cue.Id, Ct);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 15, 10, 0, TimeSpan.Zero), resumed.NextRun);
        Assert.Equal(0, await TickAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(1, await TickAsync(TimeSpan.FromMinutes(6)));
        Assert.Equal(1, (await client.ListExecutionsAsync(ct: Ct)).Total);
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_sent_and_refuses_unknown_ones()
    {
        var (client, apiKey) = await _server.RegisterTenantAsync();
        var cue = await client.CreateCueAsync(WorkerCue("digest"), Ct);

        var updated = await client.UpdateCueAsync(cue.Id, new CueRequest
        {
            Schedule = new CueScheduleBody { Cron = "0 9 * * *", Timezone = "Europe/Berlin" },
            Priority = 1,
        }, Ct);
        Assert.Equal("0 9 * * *", updated.Schedule.Cron);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), updated.NextRun);
        Assert.Equal(1, updated.Priority);
        Assert.Equal("mail", updated.Queue);

        using var unknown = await SendAsync(apiKey, HttpMethod.Patch, "/v1/cues/" + cue.Id, """{"priority": 3, "colour": "red"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("colour", await unknown.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, (await client.GetCueAsync(cue.Id, ct: Ct)).Priority);
    }

    [Fact]
    public async Task Unknown_fields_on_create_are_ignored()
    {
        var (client, apiKey) = await _server.RegisterTenantAsync();
        using var response = await SendAsync(apiKey, HttpMethod.Post, "/v1/cues", """
            {"name": "hosted", "schedule": {"type": "on_demand"}, "transport": "worker", "alert_channel": "slack"}
            """);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, (await client.ListCuesAsync(ct: Ct)).Total);
    }

    [Fact]
    public async Task Cue_names_are_unique_and_another_tenants_cue_is_not_found()
    {
        var client = await _server.NewTenantAsync();
        var other = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(WorkerCue("digest"), Ct);

        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "duplicate_cue_name", () => client.CreateCueAsync(WorkerCue("digest"), Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "cue_not_found", () => other.GetCueAsync(cue.Id, ct: Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "cue_not_found", () => other.FireCueAsync(cue.Id, ct: Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "cue_not_found", () => other.DeleteCueAsync(cue.Id, Ct));

        await client.DeleteCueAsync(cue.Id, Ct);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "cue_not_found", () => client.GetCueAsync(cue.Id, ct: Ct));
    }

    [Fact]
    public async Task Fire_merges_or_replaces_the_payload_and_an_idempotency_key_returns_the_same_execution()
    {
        var client = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(WorkerCue("digest"), Ct);

        var merged = await client.FireCueAsync(cue.Id, new FireCueRequest
        {
            PayloadOverride = JsonDocument.Parse("""{"team":"dev","extra":true}""").RootElement,
            IdempotencyKey = "k1",
        }, Ct);
        Assert.Equal("manual_fire", merged.TriggeredBy);
        Assert.Equal("pending", merged.Status);
        var mergedPayload = (await client.GetExecutionAsync(merged.Id, Ct)).Payload;
        Assert.Equal("""{"task":"digest","team":"dev","extra":true}""", mergedPayload.GetRawText());

        var again = await client.FireCueAsync(cue.Id, new FireCueRequest
        {
            PayloadOverride = JsonDocument.Parse("""{"team":"dev","extra":true}""").RootElement,
            IdempotencyKey = "k1",
        }, Ct);
        Assert.Equal(merged.Id, again.Id);
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "idempotency_key_conflict", () => client.FireCueAsync(cue.Id,
            new FireCueRequest { IdempotencyKey = "k1" }, Ct));

        var replaced = await client.FireCueAsync(cue.Id, new FireCueRequest
        {
            PayloadOverride = JsonDocument.Parse("""{"team":"x"}""").RootElement,
            MergeStrategy = "replace",
            SendAt = _time.GetUtcNow().AddHours(1),
        }, Ct);
        Assert.Equal(_time.GetUtcNow().AddHours(1), replaced.ScheduledFor);
        Assert.Equal("""{"team":"x"}""", (await client.GetExecutionAsync(replaced.Id, Ct)).Payload.GetRawText());

        Assert.Equal(2, (await client.GetCueAsync(cue.Id, ct: Ct)).FiredCount);
    }

    [Fact]
    public async Task Fire_checks_required_payload_keys_and_required_overrides()
    {
        var client = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(WorkerCue("digest") with { RequirePayloadOverride = true }, Ct);

        await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, "payload_override_required", () => client.FireCueAsync(cue.Id, ct: Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, "missing_payload_keys", () => client.FireCueAsync(cue.Id,
            new FireCueRequest { PayloadOverride = JsonDocument.Parse("""{"only":1}""").RootElement, MergeStrategy = "replace" }, Ct));
        Assert.Equal(0, (await client.ListExecutionsAsync(ct: Ct)).Total);
    }

    [Fact]
    public async Task A_once_cue_fires_at_its_instant_only_once()
    {
        var client = await _server.NewTenantAsync();
        var at = _time.GetUtcNow().AddMinutes(30);
        var cue = await client.CreateCueAsync(new CueRequest
        {
            Name = "once",
            Transport = "worker",
            Schedule = new CueScheduleBody { Type = "once", At = at },
        }, Ct);
        Assert.Equal(at, cue.NextRun);

        Assert.Equal(0, await TickAsync(TimeSpan.FromMinutes(29)));
        Assert.Equal(1, await TickAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(0, await TickAsync(TimeSpan.FromHours(1)));
        Assert.Null((await client.GetCueAsync(cue.Id, ct: Ct)).NextRun);
    }

    private async Task<HttpResponseMessage> SendAsync(string apiKey, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await _server.Http.SendAsync(request, Ct);
    }

}

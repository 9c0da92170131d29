using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    private static CueDefinition EveryFiveMinutes(string catchUp = CatchUpPolicies.RunOnceIfMissed) => new()
    {
        ScheduleType = ScheduleTypes.Recurring,
        Cron = "*/5 * * * *",
        Transport = CueTransports.Worker,
        PayloadJson = """{"task":"report","n":1}""",
        Queue = "reports",
        Priority = 4,
        MaxAttempts = 2,
        BackoffMinutes = [1, 10],
        CatchUp = catchUp,
    };

    private Task<Cue> CreateCueAsync(string name, CueDefinition? definition = null, string tenant = TenantA, string? id = null) =>
        Store.CreateCueAsync(new CreateCueParams(tenant, id ?? "cue_" + Guid.NewGuid().ToString("N")[..12], name,
            definition ?? EveryFiveMinutes(), Now), Ct);

    private Task<FireDueCuesResult> FireDueAsync(IBatonStore? store = null) =>
        (store ?? Store).FireDueCuesAsync(new FireDueCuesParams(Now: Now), Ct);

    private async Task<List<Execution>> CueExecutionsAsync(string cueId) =>
        [.. (await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA) { CueId = cueId, Limit = 100 }, Ct))
            .Items.OrderBy(e => e.ScheduledFor)];

    private async Task<Cue> GetCueAsync(string cueId) =>
        await Store.GetCueAsync(new GetCueParams(TenantA, cueId), Ct) ?? throw new InvalidOperationException("missing " + cueId);

    [Fact]
    public async Task A_created_cue_reads_back_with_its_definition_and_its_first_slot_as_next_run()
    {
        var definition = EveryFiveMinutes() with
        {
            Callback = new CueCallback("https://example.com/hook", "PUT", new Dictionary<string, string> { ["X-A"] = "b" }),
            OnFailure = new CueOnFailure(Email: false, Webhook: "https://example.com/failed", Pause: true),
            VerificationMode = VerificationModes.RequireExternalId,
            RequiredPayloadKeys = ["n"],
        };
        var created = await CreateCueAsync("nightly", definition);

        var read = await GetCueAsync(created.Id);
        Assert.Equal("nightly", read.Name);
        Assert.Equal(CueStatuses.Active, read.Status);
        Assert.Equal(Now.AddMinutes(5), read.NextRun);
        Assert.Null(read.LastRun);
        Assert.Equal("https://example.com/hook", read.Definition.Callback!.Url);
        Assert.Equal("b", read.Definition.Callback.Headers["X-A"]);
        Assert.Equal(definition.OnFailure, read.Definition.OnFailure);
        Assert.Equal(definition.BackoffMinutes, read.Definition.BackoffMinutes);
        Assert.Equal(VerificationModes.RequireExternalId, read.Definition.VerificationMode);
        Assert.Equal(["n"], read.Definition.RequiredPayloadKeys);
    }

    [Fact]
    public async Task Cue_names_are_unique_per_tenant_and_another_tenants_cue_does_not_exist()
    {
        var mine = await CreateCueAsync("daily");
        await ThrowsDomainAsync("duplicate_cue_name", () => CreateCueAsync("daily"));
        await CreateCueAsync("daily", tenant: TenantB);

        Assert.Null(await Store.GetCueAsync(new GetCueParams(TenantB, mine.Id), Ct));
        Assert.False(await Store.DeleteCueAsync(new DeleteCueParams(TenantB, mine.Id), Ct));
        var page = await Store.ListCuesAsync(new ListCuesParams(TenantA), Ct);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task Cues_list_newest_first_filtered_by_status()
    {
        var first = await CreateCueAsync("first");
        var second = await CreateCueAsync("second");
        await Store.UpdateCueAsync(new UpdateCueParams(TenantA, first.Id, first.Name, first.Definition, CueStatuses.Paused, null, Now), Ct);

        var all = await Store.ListCuesAsync(new ListCuesParams(TenantA), Ct);
        Assert.Equal([second.Id, first.Id], all.Cues.Select(c => c.Id));
        var paused = await Store.ListCuesAsync(new ListCuesParams(TenantA, CueStatuses.Paused), Ct);
        Assert.Equal([first.Id], paused.Cues.Select(c => c.Id));
        Assert.Equal(1, paused.Total);
    }

    [Fact]
    public async Task A_due_cue_fires_one_execution_per_slot_carrying_its_template()
    {
        var cue = await CreateCueAsync("report");
        Assert.Empty((await FireDueAsync()).Fired);

        Time.Advance(TimeSpan.FromMinutes(5));
        var fired = Assert.Single((await FireDueAsync()).Fired);
        Assert.Equal(cue.Id, fired.CueId);
        Assert.Equal(Now, fired.ScheduledFor);
        Assert.Equal(TriggeredBy.Scheduled, fired.TriggeredBy);
        Assert.Equal("report", fired.Task);
        Assert.Equal("reports", fired.Queue);
        Assert.Equal(4, fired.Priority);
        Assert.Equal(2, fired.MaxAttempts);
        Assert.Equal([60, 600], fired.BackoffSeconds);
        Assert.Equal(Now.AddSeconds(900), fired.ExpiresAt); // worker cues go missed after 900 s unclaimed

        Assert.Empty((await FireDueAsync()).Fired); // the same instant again: nothing new
        var after = await GetCueAsync(cue.Id);
        Assert.Equal(Now, after.LastRun);
        Assert.Equal(Now.AddMinutes(5), after.NextRun);
        Assert.Equal(1, after.RunCount);
        Assert.Equal(1, after.FiredCount);

        var events = await ReadAllEventsAsync(filter: new EventFilter { CueId = cue.Id });
        Assert.Equal([EventTypes.ExecutionCreated, EventTypes.CueFired], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(fired.Id, e.ExecutionId));
    }

    [Fact]
    public async Task A_slot_that_already_fired_never_fires_again_even_when_next_run_is_set_back()
    {
        var cue = await CreateCueAsync("report");
        Time.Advance(TimeSpan.FromMinutes(5));
        var slot = Now;
        Assert.Single((await FireDueAsync()).Fired);

        // A stale scheduler that still believes the slot is due: the unique slot index refuses the second row.
        var current = await GetCueAsync(cue.Id);
        await Store.UpdateCueAsync(new UpdateCueParams(TenantA, cue.Id, cue.Name, cue.Definition, CueStatuses.Active, slot, Now), Ct);
        Assert.Empty((await FireDueAsync()).Fired);

        Assert.Single(await CueExecutionsAsync(cue.Id));
        Assert.Equal(current.RunCount, (await GetCueAsync(cue.Id)).RunCount);
    }

    [Fact]
    public async Task A_paused_cue_never_fires_and_its_pause_and_resume_are_events()
    {
        var cue = await CreateCueAsync("report");
        await Store.UpdateCueAsync(new UpdateCueParams(TenantA, cue.Id, cue.Name, cue.Definition, CueStatuses.Paused, null, Now), Ct);
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty((await FireDueAsync()).Fired);
        Assert.Empty(await CueExecutionsAsync(cue.Id));

        var resumed = await Store.UpdateCueAsync(
            new UpdateCueParams(TenantA, cue.Id, cue.Name, cue.Definition, CueStatuses.Active, Now.AddMinutes(5), Now), Ct);
        Assert.Equal(CueStatuses.Active, resumed.Status);
        var events = await ReadAllEventsAsync(filter: new EventFilter { CueId = cue.Id });
        Assert.Equal([EventTypes.CuePaused, EventTypes.CueResumed], events.Select(e => e.Type));
    }

    [Fact]
    public async Task Run_once_if_missed_fires_only_the_latest_of_several_missed_slots()
    {
        var cue = await CreateCueAsync("report", EveryFiveMinutes(CatchUpPolicies.RunOnceIfMissed));
        Time.Advance(TimeSpan.FromMinutes(23)); // slots 12:05, 12:10, 12:15, 12:20 passed while nothing ran

        var fired = Assert.Single((await FireDueAsync()).Fired);
        Assert.Equal(At(12, 20), fired.ScheduledFor);
        Assert.Equal(At(12, 25), (await GetCueAsync(cue.Id)).NextRun);
    }

    [Fact]
    public async Task Skip_missed_drops_every_missed_slot_and_waits_for_the_next_one()
    {
        var cue = await CreateCueAsync("report", EveryFiveMinutes(CatchUpPolicies.SkipMissed));
        Time.Advance(TimeSpan.FromMinutes(23));

        Assert.Empty((await FireDueAsync()).Fired);
        Assert.Equal(At(12, 25), (await GetCueAsync(cue.Id)).NextRun);

        Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(At(12, 25), Assert.Single((await FireDueAsync()).Fired).ScheduledFor);
    }

    [Fact]
    public async Task Replay_all_fires_every_missed_slot_oldest_first()
    {
        var cue = await CreateCueAsync("report", EveryFiveMinutes(CatchUpPolicies.ReplayAll));
        Time.Advance(TimeSpan.FromMinutes(23));

        var fired = (await FireDueAsync()).Fired;
        Assert.Equal([At(12, 5), At(12, 10), At(12, 15), At(12, 20)], fired.Select(e => e.ScheduledFor));
        var after = await GetCueAsync(cue.Id);
        Assert.Equal(4, after.RunCount);
        Assert.Equal(At(12, 20), after.LastRun);
    }

    [Fact]
    public async Task A_once_cue_fires_once_and_then_has_no_next_run()
    {
        var cue = await CreateCueAsync("once", new CueDefinition
        {
            ScheduleType = ScheduleTypes.Once,
            At = Now.AddMinutes(30),
            Transport = CueTransports.Worker,
        });
        Assert.Equal(Now.AddMinutes(30), cue.NextRun);

        Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(At(12, 30), Assert.Single((await FireDueAsync()).Fired).ScheduledFor);
        Time.Advance(TimeSpan.FromHours(2));
        Assert.Empty((await FireDueAsync()).Fired);
        Assert.Null((await GetCueAsync(cue.Id)).NextRun);
    }

    [Fact]
    public async Task An_on_demand_cue_is_never_fired_by_the_scheduler()
    {
        var cue = await CreateCueAsync("manual", new CueDefinition { ScheduleType = ScheduleTypes.OnDemand });
        Assert.Null(cue.NextRun);
        Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty((await FireDueAsync()).Fired);
    }

    [Fact]
    public async Task Concurrent_schedulers_on_separate_connections_fire_each_slot_exactly_once()
    {
        var cues = new List<Cue>();
        for (var i = 0; i < 10; i++) cues.Add(await CreateCueAsync("c" + i, EveryFiveMinutes(CatchUpPolicies.ReplayAll)));
        var stores = new List<IBatonStore>();
        for (var i = 0; i < 6; i++) stores.Add(await OpenStoreAsync());
        Time.Advance(TimeSpan.FromMinutes(31)); // six slots per cue

        var passes = await Task.WhenAll(stores.Select(s => Task.Run(() => FireDueAsync(s), Ct)));

        Assert.Equal(60, passes.Sum(p => p.Fired.Count));
        foreach (var cue in cues)
        {
            var executions = await CueExecutionsAsync(cue.Id);
            Assert.Equal(6, executions.Count);
            Assert.Equal(6, executions.Select(e => e.ScheduledFor).Distinct().Count());
            Assert.Equal(6, (await GetCueAsync(cue.Id)).RunCount);
        }
    }

    [Fact]
    public async Task A_deleted_cue_is_gone_but_its_executions_stay()
    {
        var cue = await CreateCueAsync("report");
        Time.Advance(TimeSpan.FromMinutes(5));
        var fired = Assert.Single((await FireDueAsync()).Fired);

        Assert.True(await Store.DeleteCueAsync(new DeleteCueParams(TenantA, cue.Id), Ct));
        Assert.Null(await Store.GetCueAsync(new GetCueParams(TenantA, cue.Id), Ct));
        Assert.Equal(cue.Id, (await GetAsync(fired.Id)).CueId);
    }

    [Fact]
    public async Task A_manual_fire_counts_on_its_cue_and_a_repeated_idempotency_key_returns_the_first_execution()
    {
        var cue = await CreateCueAsync("manual", new CueDefinition { ScheduleType = ScheduleTypes.OnDemand });
        NewExecution Fire(string hash) => CueExecutions.ForSlot(cue, Now, TriggeredBy.ManualFire, Guid.CreateVersion7()) with
        {
            IdempotencyKey = "fire-1",
            RequestHash = hash,
        };

        var first = await Store.FireCueAsync(new FireCueParams(TenantA, cue.Id, Fire("h1"), Now), Ct);
        var repeat = await Store.FireCueAsync(new FireCueParams(TenantA, cue.Id, Fire("h1"), Now), Ct);
        Assert.Equal([false], first.Existing);
        Assert.Equal([true], repeat.Existing);
        Assert.Equal(first.Executions[0].Id, repeat.Executions[0].Id);
        await ThrowsDomainAsync("idempotency_key_conflict",
            () => Store.FireCueAsync(new FireCueParams(TenantA, cue.Id, Fire("h2"), Now), Ct));
        await ThrowsDomainAsync("cue_not_found",
            () => Store.FireCueAsync(new FireCueParams(TenantB, cue.Id, Fire("h3"), Now), Ct));

        Assert.Equal(1, (await GetCueAsync(cue.Id)).FiredCount);
        Assert.Equal(TriggeredBy.ManualFire, Assert.Single(await CueExecutionsAsync(cue.Id)).TriggeredBy);
        var events = await ReadAllEventsAsync(filter: new EventFilter { CueId = cue.Id });
        Assert.Equal([EventTypes.ExecutionCreated, EventTypes.CueFired], events.Select(e => e.Type));
    }

    private static DateTimeOffset At(int hour, int minute) => new(2026, 1, 1, hour, minute, 0, TimeSpan.Zero);
}

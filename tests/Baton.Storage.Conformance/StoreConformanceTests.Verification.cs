using Baton.Core.Alerts;
using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

// Verification, alerts, usage and the cue-effects store operations (issue 4).
public abstract partial class StoreConformanceTests
{
    private async Task<Execution> FinishedAsync(string mode, bool success = true, Evidence? evidence = null)
    {
        await EnqueueOneAsync(NewExecution() with { VerificationMode = mode });
        var claimed = await ClaimOneAsync();
        var report = new OutcomeReport
        {
            ExecutionId = claimed.Id,
            ClaimToken = claimed.ClaimToken,
            Success = success,
            Error = success ? null : "boom",
            Evidence = evidence,
            Retryable = false,
        };
        var result = Assert.Single(await Store.RecordOutcomesAsync(
            new RecordOutcomesParams(TenantA, [report], StrictOwnership: false, Now), Ct));
        return result.Execution!;
    }

    private async Task<List<BatonEvent>> VerifiedEventsAsync(Guid id) =>
        [.. (await Store.ReadEventsAsync(new ReadEventsParams(TenantA, null,
            new EventFilter { ExecutionId = id, Types = [EventTypes.ExecutionVerified] }), Ct)).Events];

    [Theory]
    [InlineData(VerificationModes.None, OutcomeStates.ReportedSuccess)]
    [InlineData(VerificationModes.RequireExternalId, OutcomeStates.VerificationFailed)]
    [InlineData(VerificationModes.Manual, OutcomeStates.VerificationPending)]
    public async Task Both_the_single_and_the_batch_outcome_store_the_state_the_mode_decides(string mode, string expected)
    {
        var finished = await FinishedAsync(mode);
        Assert.Equal(expected, finished.OutcomeState);
        Assert.Equal(expected, (await GetAsync(finished.Id)).OutcomeState);

        // A batch of several reports goes through the drivers' set-based path.
        var batch = await EnqueueAsync(
            NewExecution() with { VerificationMode = mode }, NewExecution() with { VerificationMode = mode });
        var claimed = await ClaimAsync(limit: 2);
        var reports = claimed.Select(c => new OutcomeReport
        {
            ExecutionId = c.Id,
            ClaimToken = c.ClaimToken,
            Success = true,
            Evidence = new Evidence(ExternalId: "PR-1"),
        }).ToList();
        var results = await Store.RecordOutcomesAsync(new RecordOutcomesParams(TenantA, reports, false, Now), Ct);
        var withId = mode == VerificationModes.RequireExternalId ? OutcomeStates.VerifiedSuccess : expected;
        Assert.All(results, r => Assert.Equal(withId, r.Execution!.OutcomeState));
        Assert.All(batch, e => Assert.Equal(VerificationModes.None == mode ? OutcomeStates.ReportedSuccess : withId,
            GetAsync(e.Id).GetAwaiter().GetResult().OutcomeState));
    }

    [Fact]
    public async Task Verify_parks_nothing_but_records_the_verdict_with_one_verified_event_per_change()
    {
        var pending = await FinishedAsync(VerificationModes.Manual);
        var verified = await Store.VerifyExecutionAsync(new VerifyExecutionParams(TenantA, pending.Id, true, "looked", Now), Ct);
        Assert.Equal(OutcomeStates.VerifiedSuccess, verified.OutcomeState);
        Assert.Equal(ExecutionStatus.Success, verified.Status);
        Assert.Equal(pending.Outcome, verified.Outcome);

        // The same verdict again changes nothing and writes no event; the opposite one does.
        await Store.VerifyExecutionAsync(new VerifyExecutionParams(TenantA, pending.Id, true, null, Now), Ct);
        var rejected = await Store.VerifyExecutionAsync(new VerifyExecutionParams(TenantA, pending.Id, false, "wrong PR", Now), Ct);
        Assert.Equal(OutcomeStates.VerificationFailed, rejected.OutcomeState);

        var events = await VerifiedEventsAsync(pending.Id);
        Assert.Equal(2, events.Count);
        Assert.Contains("\"outcome_state\":\"verified_success\"", events[0].DataJson, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"wrong PR\"", events[1].DataJson, StringComparison.Ordinal);
        Assert.Contains("\"valid\":false", events[1].DataJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_and_verification_pending_refuse_what_the_rules_refuse_and_change_nothing()
    {
        var failed = await FinishedAsync(VerificationModes.None, success: false);
        var pending = await EnqueueOneAsync();
        await ThrowsDomainAsync("invalid_state", () =>
            Store.VerifyExecutionAsync(new VerifyExecutionParams(TenantA, pending.Id, true, null, Now), Ct));
        await ThrowsDomainAsync("no_outcome", () =>
            Store.MarkVerificationPendingAsync(new MarkVerificationPendingParams(TenantA, pending.Id, Now), Ct));
        await ThrowsDomainAsync("no_outcome", () => Store.UpdateEvidenceAsync(
            new UpdateEvidenceParams(TenantA, pending.Id, new Evidence(Summary: "x"), Now), Ct));

        await ThrowsDomainAsync("invalid_state", () =>
            Store.VerifyExecutionAsync(new VerifyExecutionParams(TenantA, failed.Id, true, null, Now), Ct));

        // Another tenant's execution does not exist for us.
        await ThrowsDomainAsync("execution_not_found", () =>
            Store.VerifyExecutionAsync(new VerifyExecutionParams(TenantB, failed.Id, true, null, Now), Ct));
        Assert.Equal(OutcomeStates.ReportedFailure, (await GetAsync(failed.Id)).OutcomeState);
        Assert.Equal(ExecutionStatus.Pending, (await GetAsync(pending.Id)).Status);
    }

    [Fact]
    public async Task Late_evidence_merges_and_can_turn_a_failed_verification_into_a_verified_success()
    {
        var failed = await FinishedAsync(VerificationModes.RequireResultUrl, evidence: new Evidence(Summary: "done"));
        Assert.Equal(OutcomeStates.VerificationFailed, failed.OutcomeState);

        var updated = await Store.UpdateEvidenceAsync(
            new UpdateEvidenceParams(TenantA, failed.Id, new Evidence(ResultUrl: "https://example.com/pr/1"), Now), Ct);
        Assert.Equal(OutcomeStates.VerifiedSuccess, updated.OutcomeState);
        Assert.Equal(new Evidence(null, "https://example.com/pr/1", null, null, "done", null), updated.Evidence);
        Assert.Single(await VerifiedEventsAsync(failed.Id));

        // More evidence without a state change writes no event.
        await Store.UpdateEvidenceAsync(new UpdateEvidenceParams(TenantA, failed.Id, new Evidence(ResultRef: "abc"), Now), Ct);
        Assert.Single(await VerifiedEventsAsync(failed.Id));
        Assert.Equal("abc", (await GetAsync(failed.Id)).Evidence!.ResultRef);
    }

    [Fact]
    public async Task Verification_pending_parks_a_reported_success()
    {
        var done = await FinishedAsync(VerificationModes.None);
        var parked = await Store.MarkVerificationPendingAsync(new MarkVerificationPendingParams(TenantA, done.Id, Now), Ct);
        Assert.Equal(OutcomeStates.VerificationPending, parked.OutcomeState);
        Assert.Single(await VerifiedEventsAsync(done.Id));
    }

    [Fact]
    public async Task Reading_without_a_tenant_follows_every_tenants_events_in_one_stream()
    {
        await EnqueueOneAsync();
        await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantB, [NewExecution()], Now), Ct);
        await EnqueueOneAsync();

        var first = await Store.ReadEventsAsync(new ReadEventsParams(null, null, EventFilter.All, Limit: 2), Ct);
        Assert.Equal([TenantA, TenantB], first.Events.Select(e => e.TenantId));
        var rest = await Store.ReadEventsAsync(new ReadEventsParams(null, first.NextCursor, EventFilter.All), Ct);
        Assert.Equal([TenantA], rest.Events.Select(e => e.TenantId));
        var none = await Store.ReadEventsAsync(new ReadEventsParams(null, rest.NextCursor, EventFilter.All), Ct);
        Assert.Empty(none.Events);
    }

    [Fact]
    public async Task The_cue_effects_cursor_moves_only_from_where_the_mover_read_it()
    {
        var start = await Store.GetCueEffectsCursorAsync(Ct);
        await EnqueueOneAsync();
        var page = await Store.ReadEventsAsync(new ReadEventsParams(null, start, EventFilter.All), Ct);
        Assert.Single(page.Events);

        Assert.True(await Store.SaveCueEffectsCursorAsync(new SaveCueEffectsCursorParams(start, page.NextCursor, Now), Ct));
        Assert.False(await Store.SaveCueEffectsCursorAsync(new SaveCueEffectsCursorParams(start, "", Now), Ct));
        Assert.Equal(page.NextCursor, await Store.GetCueEffectsCursorAsync(Ct));
        Assert.Empty((await Store.ReadEventsAsync(new ReadEventsParams(null, page.NextCursor, EventFilter.All), Ct)).Events);
    }

    [Fact]
    public async Task Cue_effects_apply_once_per_event_and_write_the_cue_events()
    {
        var cue = await CreateCueAsync("nightly");
        var plan = new CueEffectPlan
        {
            CueStatus = new CueStatusChange([CueStatuses.Active], CueStatuses.Paused),
            CueFailedEvent = true,
        };
        var p = new ApplyCueEffectsParams(TenantA, EventId: 41, ExecutionId: null, cue.Id, plan, Now);

        var first = await Store.ApplyCueEffectsAsync(p, Ct);
        Assert.True(first.Applied);
        Assert.Equal(CueStatuses.Paused, first.Cue!.Status);
        Assert.Null(first.Cue.NextRun);
        Assert.False((await Store.ApplyCueEffectsAsync(p, Ct)).Applied);

        var events = (await Store.ReadEventsAsync(new ReadEventsParams(TenantA, null,
            new EventFilter { CueId = cue.Id, Types = [EventTypes.CuePaused, EventTypes.CueFailed] }), Ct)).Events;
        Assert.Equal([EventTypes.CuePaused, EventTypes.CueFailed], events.Select(e => e.Type));

        // A status change from a status the plan does not name is left alone (the user resumed it meanwhile…).
        var resumed = await Store.UpdateCueAsync(new UpdateCueParams(TenantA, cue.Id, cue.Name, cue.Definition,
            CueStatuses.Active, Now.AddMinutes(5), Now), Ct);
        var complete = new CueEffectPlan { CueStatus = new CueStatusChange([CueStatuses.Paused], CueStatuses.Completed) };
        var second = await Store.ApplyCueEffectsAsync(p with { EventId = 42, Plan = complete }, Ct);
        Assert.Equal(CueStatuses.Active, second.Cue!.Status);
        Assert.Equal(resumed.NextRun, second.Cue.NextRun);
    }

    [Fact]
    public async Task An_alert_is_raised_once_per_cue_and_type_within_the_dedup_window()
    {
        var cue = await CreateCueAsync("flaky");
        var alert = new NewAlert(TenantA, cue.Id, Guid.CreateVersion7(), AlertTypes.ConsecutiveFailures, AlertTypes.Critical, "3 in a row");
        Task<CueEffectsResult> RaiseAsync(long eventId, NewAlert a) => Store.ApplyCueEffectsAsync(
            new ApplyCueEffectsParams(TenantA, eventId, a.ExecutionId, a.CueId,
                new CueEffectPlan { Alerts = [a] }, Now), Ct);

        Assert.Equal(1, (await RaiseAsync(1, alert)).AlertsRaised);
        Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, (await RaiseAsync(2, alert with { ExecutionId = Guid.CreateVersion7() })).AlertsRaised);
        // Another type about the same cue, and the same type about an execution without a cue, are not duplicates.
        Assert.Equal(1, (await RaiseAsync(3, alert with { AlertType = AlertTypes.VerificationFailed })).AlertsRaised);
        Assert.Equal(1, (await RaiseAsync(4, alert with { CueId = null, ExecutionId = Guid.CreateVersion7() })).AlertsRaised);
        Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await RaiseAsync(5, alert)).AlertsRaised);

        var all = await Store.ListAlertsAsync(new ListAlertsParams(TenantA), Ct);
        Assert.Equal(4, all.Total);
        Assert.Equal(Now, all.Alerts[0].CreatedAt); // newest first
        var consecutive = await Store.ListAlertsAsync(new ListAlertsParams(TenantA, AlertTypes.ConsecutiveFailures), Ct);
        Assert.Equal(3, consecutive.Total);
        var recent = await Store.ListAlertsAsync(new ListAlertsParams(TenantA, Since: Now.AddMinutes(-1)), Ct);
        Assert.Equal(1, recent.Total);
        var paged = await Store.ListAlertsAsync(new ListAlertsParams(TenantA, Limit: 1, Offset: 1), Ct);
        Assert.Equal((4, 1), (paged.Total, paged.Alerts.Count));
        Assert.Equal(0, (await Store.ListAlertsAsync(new ListAlertsParams(TenantB), Ct)).Total);
    }

    [Fact]
    public async Task Usage_counts_active_cues_and_this_months_executions_per_tenant()
    {
        Time.Advance(TimeSpan.FromDays(45)); // 2026-02-15
        var monthStart = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantA, [NewExecution()], monthStart.AddSeconds(-1)), Ct);
        await EnqueueAsync(NewExecution(), NewExecution());
        await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantB, [NewExecution()], Now), Ct);
        await CreateCueAsync("one");
        var paused = await CreateCueAsync("two");
        await Store.UpdateCueAsync(new UpdateCueParams(TenantA, paused.Id, paused.Name, paused.Definition,
            CueStatuses.Paused, null, Now), Ct);

        var usage = await Store.GetTenantUsageAsync(new GetTenantUsageParams(TenantA, monthStart), Ct);
        Assert.Equal(new Baton.Core.Usage.TenantUsage(1, 2), usage);
        var cuesOnly = await Store.GetTenantUsageAsync(new GetTenantUsageParams(TenantA, null), Ct);
        Assert.Equal(new Baton.Core.Usage.TenantUsage(1, 0), cuesOnly);
    }
}

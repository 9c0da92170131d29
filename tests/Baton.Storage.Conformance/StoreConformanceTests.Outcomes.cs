using Baton.Core.Executions;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    private Task<Execution> HeartbeatAsync(Execution e, string? worker, string? token, int? lease = null) =>
        Store.HeartbeatExecutionAsync(new HeartbeatExecutionParams(TenantA, e.Id, worker, token, lease, null, Now), Ct);

    [Fact]
    public async Task Heartbeat_must_name_the_current_claimer()
    {
        await EnqueueOneAsync();
        var claimed = await ClaimOneAsync("w1");

        await ThrowsDomainAsync("not_execution_owner", () => HeartbeatAsync(claimed, null, claimed.ClaimToken));
        await ThrowsDomainAsync("not_execution_owner", () => HeartbeatAsync(claimed, "w2", null));
        await ThrowsDomainAsync("claim_lost", () => HeartbeatAsync(claimed, "w1", "not-the-token"));

        Time.Advance(TimeSpan.FromSeconds(30));
        var extended = await HeartbeatAsync(claimed, "w1", claimed.ClaimToken, lease: 300);
        Assert.Equal(Now.AddSeconds(300), extended.LeaseExpiresAt);
        Assert.Equal(Now, extended.LastHeartbeatAt);
    }

    [Fact]
    public async Task After_a_lease_expires_and_another_worker_claims_the_old_token_gets_claim_lost()
    {
        await EnqueueOneAsync();
        var first = await ClaimOneAsync("w1", lease: 30);
        Time.Advance(TimeSpan.FromSeconds(31));
        var rescue = await Store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: Now), Ct);
        Assert.Equal(1, rescue.Requeued);
        var second = await ClaimOneAsync("w2");
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.Attempts);

        await ThrowsDomainAsync("claim_lost", () => HeartbeatAsync(first, "w1", first.ClaimToken));
        var late = await ReportAsync(first, success: true, worker: "w1");
        Assert.Equal("claim_lost", late.Error!.Code);
        Assert.Equal(ExecutionStatus.Delivering, (await GetAsync(first.Id)).Status);
    }

    [Fact]
    public async Task After_cancel_the_claimers_heartbeat_gets_execution_cancelled()
    {
        await EnqueueOneAsync();
        var claimed = await ClaimOneAsync("w1");
        await ThrowsDomainAsync("not_execution_owner", () => Store.CancelExecutionAsync(
            new CancelExecutionParams(TenantA, claimed.Id, "someone-else", null, Force: false, Now), Ct));

        var cancelled = await Store.CancelExecutionAsync(
            new CancelExecutionParams(TenantA, claimed.Id, null, "no longer needed", Force: true, Now), Ct);
        Assert.Equal(ExecutionStatus.Cancelled, cancelled.Status);
        Assert.Equal("no longer needed", cancelled.CancelReason);

        await ThrowsDomainAsync("execution_cancelled", () => HeartbeatAsync(claimed, "w1", claimed.ClaimToken));
        await ThrowsDomainAsync("execution_terminal", () => Store.CancelExecutionAsync(
            new CancelExecutionParams(TenantA, claimed.Id, null, null, Force: true, Now), Ct));
    }

    [Fact]
    public async Task The_final_outcome_is_written_once()
    {
        await EnqueueOneAsync();
        var claimed = await ClaimOneAsync();
        var first = await ReportAsync(claimed, success: true);
        Assert.Null(first.Error);
        Assert.Equal(ExecutionStatus.Success, first.Execution!.Status);
        Assert.Equal(OutcomeStates.ReportedSuccess, first.Execution.OutcomeState);
        Assert.Equal("done", first.Execution.Outcome!.Result);

        var second = await ReportAsync(claimed, success: false);
        Assert.Equal("outcome_already_recorded", second.Error!.Code);
        var identityLess = await ReportAsync(claimed, success: false, token: null);
        Assert.Equal("outcome_already_recorded", identityLess.Error!.Code);
        var stored = await GetAsync(claimed.Id);
        Assert.True(stored.Outcome!.Success);
        Assert.Equal(ExecutionStatus.Success, stored.Status);
    }

    [Fact]
    public async Task A_failure_with_attempts_left_retries_after_the_backoff_and_is_claimable_again_once_due()
    {
        await EnqueueOneAsync(NewExecution(maxAttempts: 3, backoff: [60, 300]));
        var claimed = await ClaimOneAsync();
        var failed = (await ReportAsync(claimed, success: false)).Execution!;

        Assert.Equal(ExecutionStatus.Retrying, failed.Status);
        Assert.Equal(Now.AddSeconds(60), failed.NextRetry);
        Assert.Equal("boom", failed.ErrorMessage);
        Assert.Null(failed.ClaimToken);
        Assert.Empty(await ClaimAsync());

        Time.Advance(TimeSpan.FromSeconds(60));
        var again = await ClaimOneAsync("w2");
        Assert.Equal(claimed.Id, again.Id);
        Assert.Equal(2, again.Attempts);
        var secondFailure = (await ReportAsync(again, success: false)).Execution!;
        Assert.Equal(Now.AddSeconds(300), secondFailure.NextRetry);

        Time.Advance(TimeSpan.FromSeconds(300));
        var last = await ClaimOneAsync("w3");
        var final = (await ReportAsync(last, success: false)).Execution!;
        Assert.Equal(ExecutionStatus.Failed, final.Status);
        Assert.Equal(3, final.Attempts);
        Assert.NotNull(final.FinishedAt);
    }

    [Fact]
    public async Task A_failure_marked_not_retryable_is_final()
    {
        await EnqueueOneAsync();
        var claimed = await ClaimOneAsync();
        var result = (await ReportAsync(claimed, success: false, retryable: false)).Execution!;
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(OutcomeStates.ReportedFailure, result.OutcomeState);
    }

    [Fact]
    public async Task An_outcome_naming_another_worker_is_refused_and_changes_nothing()
    {
        await EnqueueOneAsync();
        var claimed = await ClaimOneAsync("w1");
        var refused = await ReportAsync(claimed, success: true, token: null, worker: "w2");
        Assert.Equal("not_execution_owner", refused.Error!.Code);
        Assert.Equal(ExecutionStatus.Delivering, (await GetAsync(claimed.Id)).Status);
    }

    [Fact]
    public async Task Strict_ownership_refuses_an_identity_less_outcome()
    {
        await EnqueueOneAsync();
        var claimed = await ClaimOneAsync("w1");
        var strict = Assert.Single(await Store.RecordOutcomesAsync(new RecordOutcomesParams(TenantA,
            [new OutcomeReport { ExecutionId = claimed.Id, Success = true }], StrictOwnership: true, Now), Ct));
        Assert.Equal("not_execution_owner", strict.Error!.Code);
        var lax = Assert.Single(await Store.RecordOutcomesAsync(new RecordOutcomesParams(TenantA,
            [new OutcomeReport { ExecutionId = claimed.Id, Success = true }], StrictOwnership: false, Now), Ct));
        Assert.Equal(ExecutionStatus.Success, lax.Execution!.Status);
    }

    [Fact]
    public async Task A_batch_of_outcomes_records_the_good_ones_and_refuses_the_rest()
    {
        await EnqueueAsync(NewExecution(), NewExecution(), NewExecution());
        var claimed = await ClaimAsync(limit: 3);
        var reports = new[]
        {
            new OutcomeReport { ExecutionId = claimed[0].Id, ClaimToken = claimed[0].ClaimToken, Success = true },
            new OutcomeReport { ExecutionId = claimed[1].Id, ClaimToken = "stale", Success = true },
            new OutcomeReport { ExecutionId = Guid.NewGuid(), Success = true },
            new OutcomeReport { ExecutionId = claimed[2].Id, ClaimToken = claimed[2].ClaimToken, Success = true },
        };
        var results = await Store.RecordOutcomesAsync(new RecordOutcomesParams(TenantA, reports, false, Now), Ct);

        Assert.Equal(ExecutionStatus.Success, results[0].Execution!.Status);
        Assert.Equal("claim_lost", results[1].Error!.Code);
        Assert.Equal("execution_not_found", results[2].Error!.Code);
        Assert.Equal(ExecutionStatus.Success, results[3].Execution!.Status);
        Assert.Equal(ExecutionStatus.Delivering, (await GetAsync(claimed[1].Id)).Status);
    }

    [Fact]
    public async Task Every_transition_answers_with_the_row_as_a_later_read_returns_it()
    {
        // Between two microseconds: rows keep whole microseconds, and so must what a write answers with.
        Time.Advance(TimeSpan.FromTicks(7));
        await EnqueueAsync(
            NewExecution(maxAttempts: 2, backoff: [5]), NewExecution(maxAttempts: 1), NewExecution(), NewExecution(),
            NewExecution());
        var claimed = await ClaimAsync("w1", limit: 5);
        OutcomeReport Report(int i, bool success) => new()
        {
            ExecutionId = claimed[i].Id,
            WorkerId = "w1",
            ClaimToken = claimed[i].ClaimToken,
            Success = success,
            Error = success ? null : "boom",
        };
        var reports = new[]
        {
            Report(0, success: false) with { Result = "partial" }, // retrying, its next retry 5 s from now
            Report(1, success: false), // its last attempt: failed
            Report(2, success: true) with
            {
                Result = "done", MetadataJson = """{"rows":3}""",
                Evidence = new Evidence("ext-1", "https://example.com/r/1", "ref-1", "pr", "summary", """[{"a":1}]"""),
            },
            Report(3, success: true) with { Evidence = new Evidence() }, // evidence with nothing in it
        };

        var results = await Store.RecordOutcomesAsync(new RecordOutcomesParams(TenantA, reports, false, Now), Ct);
        Assert.Equal(
            [ExecutionStatus.Retrying, ExecutionStatus.Failed, ExecutionStatus.Success, ExecutionStatus.Success],
            results.Select(r => r.Execution!.Status));
        foreach (var answer in results.Select(r => r.Execution!))
        {
            Assert.Equivalent(await GetAsync(answer.Id), answer, strict: true);
        }

        var merged = await Store.UpdateEvidenceAsync(
            new UpdateEvidenceParams(TenantA, claimed[2].Id, new Evidence(ResultRef: "ref-2"), Now), Ct);
        Assert.Equal(("ref-2", "ext-1"), (merged.Evidence!.ResultRef, merged.Evidence.ExternalId));
        Assert.Equivalent(await GetAsync(merged.Id), merged, strict: true);
        var parked = await Store.MarkVerificationPendingAsync(
            new MarkVerificationPendingParams(TenantA, claimed[3].Id, Now), Ct);
        Assert.Equal(OutcomeStates.VerificationPending, parked.OutcomeState);
        Assert.Equivalent(await GetAsync(parked.Id), parked, strict: true);

        var released = await Store.ReleaseExecutionAsync(
            new ReleaseExecutionParams(TenantA, claimed[4].Id, "w1", claimed[4].ClaimToken, Now), Ct);
        Assert.Equivalent(await GetAsync(released.Id), released, strict: true);
        var cancelled = await Store.CancelExecutionAsync(
            new CancelExecutionParams(TenantA, claimed[4].Id, null, "enough", Force: true, Now), Ct);
        Assert.Equivalent(await GetAsync(cancelled.Id), cancelled, strict: true);
    }

    [Fact]
    public async Task Overlapping_outcome_batches_from_many_reporters_record_each_execution_once()
    {
        // Four reporters send the same 40 outcomes at once, each in its own order (some success, some failure),
        // so every batch overlaps every other one row by row.
        // Twenty rounds, so a lock-order deadlock between batches shows.
        var reporters = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenStoreAsync()));
        for (var round = 0; round < 20; round++)
        {
            await OverlappingBatchesRoundAsync(reporters);
        }
    }

    private async Task OverlappingBatchesRoundAsync(IBatonStore[] reporters)
    {
        await EnqueueAsync([.. Enumerable.Range(0, 40).Select(_ => NewExecution(maxAttempts: 1))]);
        var claimed = await ClaimAsync("w1", limit: 40);
        var batches = reporters.Select((store, k) => Task.Run(() => store.RecordOutcomesAsync(new RecordOutcomesParams(
            TenantA,
            [.. claimed.OrderBy(e => (e.Sequence * (k + 3)) % 41).Select(e => new OutcomeReport
            {
                ExecutionId = e.Id, ClaimToken = e.ClaimToken, Success = k % 2 == 0, Error = k % 2 == 0 ? null : "boom",
            })],
            StrictOwnership: false, Now), Ct), Ct));
        var results = (await Task.WhenAll(batches)).SelectMany(r => r).ToList();

        var events = await ReadAllEventsAsync(pageSize: 100);
        foreach (var e in claimed)
        {
            var row = await GetAsync(e.Id);
            var mine = results.Where(r => r.ExecutionId == e.Id).ToList();
            var accepted = Assert.Single(mine, r => r.Error is null);
            Assert.All(mine.Where(r => r.Error is not null), r => Assert.Equal("outcome_already_recorded", r.Error!.Code));
            Assert.Equal(row.Status, accepted.Execution!.Status); // the acknowledged outcome is the stored one
            Assert.Equal(row.Outcome!.Success, accepted.Execution.Outcome!.Success);
            var final = Assert.Single(events, ev => ev.ExecutionId == e.Id && ev.Type is "execution.succeeded" or "execution.failed");
            Assert.Equal(row.Status.ToName(), final.Status);
        }
    }

    [Fact]
    public async Task Evidence_and_metadata_are_stored_with_the_outcome()
    {
        await EnqueueOneAsync();
        var claimed = await ClaimOneAsync();
        var evidence = new Evidence("PR-42", "https://example.com/pr/42", "ref", "pull_request", "merged", """["a.txt"]""");
        var result = Assert.Single(await Store.RecordOutcomesAsync(new RecordOutcomesParams(TenantA,
        [
            new OutcomeReport
            {
                ExecutionId = claimed.Id, Success = true, Result = "ok", MetadataJson = """{"k":1}""", Evidence = evidence,
            },
        ], false, Now), Ct));
        var stored = await GetAsync(result.ExecutionId);
        Assert.Equal(evidence, stored.Evidence);
        Assert.Equal("""{"k":1}""", stored.Outcome!.MetadataJson);
        Assert.Equal(Now, stored.Outcome.RecordedAt);
    }

    [Fact]
    public async Task Release_returns_the_execution_without_using_up_an_attempt()
    {
        await EnqueueOneAsync();
        var claimed = await ClaimOneAsync("w1");
        await ThrowsDomainAsync("not_execution_owner", () => Store.ReleaseExecutionAsync(
            new ReleaseExecutionParams(TenantA, claimed.Id, "w2", null, Now), Ct));
        await ThrowsDomainAsync("claim_lost", () => Store.ReleaseExecutionAsync(
            new ReleaseExecutionParams(TenantA, claimed.Id, "w1", "stale", Now), Ct));

        var released = await Store.ReleaseExecutionAsync(
            new ReleaseExecutionParams(TenantA, claimed.Id, "w1", claimed.ClaimToken, Now), Ct);
        Assert.Equal(ExecutionStatus.Pending, released.Status);
        Assert.Equal(0, released.Attempts);
        Assert.Null(released.ClaimedByWorker);

        var again = await ClaimOneAsync("w2");
        Assert.Equal(claimed.Id, again.Id);
        Assert.Equal(1, again.Attempts);
    }
}

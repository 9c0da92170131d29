using System.Net;
using System.Text.Json;
using Baton.Client;
using Baton.Contracts.Executions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Baton.Server.Tests;

public sealed class OutcomeTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private ServerHarness _server = null!;
    private BatonClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerHarness.StartAsync(s => s with { Time = _time, RunMaintenance = false });
        _client = await _server.NewTenantAsync();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task The_final_outcome_is_written_once_with_its_evidence()
    {
        var claim = await EnqueueAndClaimAsync(new EnqueueExecutionRequest { Task = "t" });
        using var metadata = JsonDocument.Parse("""{"tokens": 1200}""");
        var recorded = await _client.RecordOutcomeAsync(claim.ExecutionId, new RecordOutcomeRequest
        {
            Success = true,
            Result = "merged",
            Metadata = metadata.RootElement,
            ExternalId = "PR-42",
            ResultUrl = "https://example.com/pr/42",
            Summary = "Fixed the bug",
        }, "w", claim.ClaimToken, Ct);
        Assert.Equal(("success", "reported_success", null), (recorded.Status, recorded.OutcomeState, recorded.NextRetry));

        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "outcome_already_recorded",
            () => _client.RecordOutcomeAsync(claim.ExecutionId, new RecordOutcomeRequest { Success = false, Error = "late" }, ct: Ct));

        var stored = await _client.GetExecutionAsync(claim.ExecutionId, Ct);
        Assert.Equal(("success", true, "merged"), (stored.Status, stored.Outcome!.Success, stored.Outcome.Result));
        Assert.Equal(1200, stored.Outcome.Metadata!.Value.GetProperty("tokens").GetInt32());
        Assert.Equal(("PR-42", "https://example.com/pr/42", "Fixed the bug"),
            (stored.Evidence!.ExternalId, stored.Evidence.ResultUrl, stored.Evidence.Summary));
    }

    [Fact]
    public async Task A_failure_with_attempts_left_is_retrying_until_its_backoff_has_passed()
    {
        var claim = await EnqueueAndClaimAsync(new EnqueueExecutionRequest { Task = "t", MaxAttempts = 3, BackoffSeconds = [120] });

        var recorded = await _client.RecordOutcomeAsync(
            claim.ExecutionId, new RecordOutcomeRequest { Success = false, Error = "flaky" }, ct: Ct);
        var due = _time.GetUtcNow().AddSeconds(120);
        Assert.Equal(("retrying", "reported_failure", due), (recorded.Status, recorded.OutcomeState, recorded.NextRetry));

        var stored = await _client.GetExecutionAsync(claim.ExecutionId, Ct);
        Assert.Equal(("retrying", 1, due, "flaky"), (stored.Status, stored.Attempts, stored.NextRetry, stored.ErrorMessage));
        Assert.Null(await _client.TryClaimAsync(new ClaimExecutionsRequest { WorkerId = "w" }, Ct));

        _time.Advance(TimeSpan.FromSeconds(120));
        var retry = await _client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w" }, Ct);
        Assert.Equal((claim.ExecutionId, 2), (retry.ExecutionId, retry.Execution.Attempts));
    }

    [Fact]
    public async Task A_non_retryable_failure_is_final_and_the_last_attempt_fails_for_good()
    {
        var notRetryable = await EnqueueAndClaimAsync(new EnqueueExecutionRequest { Task = "t", MaxAttempts = 5 });
        var final = await _client.RecordOutcomeAsync(notRetryable.ExecutionId,
            new RecordOutcomeRequest { Success = false, Error = "bad input", Retryable = false }, ct: Ct);
        Assert.Equal(("failed", null), (final.Status, final.NextRetry));

        var lastAttempt = await EnqueueAndClaimAsync(new EnqueueExecutionRequest { Task = "t", MaxAttempts = 1 });
        var exhausted = await _client.RecordOutcomeAsync(lastAttempt.ExecutionId,
            new RecordOutcomeRequest { Success = false, Error = "still broken" }, ct: Ct);
        Assert.Equal("failed", exhausted.Status);

        var replay = await _client.ReplayAsync(lastAttempt.ExecutionId, Ct);
        Assert.Equal(("pending", "replay", lastAttempt.ExecutionId, 0), (replay.Status, replay.TriggeredBy, replay.ReplayedFrom, replay.Attempts));
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "execution_in_flight", () => _client.ReplayAsync(replay.Id, Ct));
    }

    [Fact]
    public async Task A_batch_of_outcomes_records_each_item_on_its_own()
    {
        await _client.EnqueueBatchAsync([new() { Task = "t" }, new() { Task = "t" }], Ct);
        var claim = await _client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w", Limit = 2 }, Ct);
        var (first, second) = (claim.Executions![0], claim.Executions[1]);
        var unknown = Guid.CreateVersion7();

        var results = await _client.RecordOutcomesAsync(
        [
            new BatchOutcomeItem { ExecutionId = first.ExecutionId, ClaimToken = first.ClaimToken, Success = true },
            new BatchOutcomeItem { ExecutionId = unknown, Success = true },
            new BatchOutcomeItem { ExecutionId = second.ExecutionId, ClaimToken = "stale-token", Success = true },
        ], "w", Ct);

        Assert.Equal(3, results.Results.Count);
        Assert.Equal((first.ExecutionId, true, "success"), (results.Results[0].ExecutionId, results.Results[0].OutcomeRecorded, results.Results[0].Status));
        Assert.Equal((unknown, "execution_not_found"), (results.Results[1].ExecutionId, results.Results[1].Error!.Code));
        Assert.Equal("claim_lost", results.Results[2].Error!.Code);
        Assert.Equal("delivering", (await _client.GetExecutionAsync(second.ExecutionId, Ct)).Status);
    }

    private async Task<ClaimResponse> EnqueueAndClaimAsync(EnqueueExecutionRequest request)
    {
        var enqueued = await _client.EnqueueAsync(request, Ct);
        return await _client.ClaimByIdAsync(enqueued.Execution.Id, new ClaimByIdRequest { WorkerId = "w" }, Ct);
    }
}

using System.Net;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Core.Maintenance;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>Ownership of claims over HTTP, with a fake clock so leases expire on command.</summary>
public sealed class OwnershipTests : IAsyncLifetime
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
    public async Task A_heartbeat_must_name_the_claiming_worker()
    {
        var claim = await EnqueueAndClaimAsync("owner", leaseSeconds: 30);

        await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, "not_execution_owner",
            () => _client.HeartbeatAsync(claim.ExecutionId, workerId: null, claim.ClaimToken, ct: Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, "not_execution_owner",
            () => _client.HeartbeatAsync(claim.ExecutionId, "intruder", ct: Ct));

        _time.Advance(TimeSpan.FromSeconds(10));
        using var progress = System.Text.Json.JsonDocument.Parse("""{"percent": 50}""");
        var beat = await _client.HeartbeatAsync(claim.ExecutionId, "owner", claim.ClaimToken,
            new ExecutionHeartbeatRequest { LeaseSeconds = 120, Progress = progress.RootElement }, Ct);
        Assert.True(beat.Acknowledged);
        Assert.Equal(_time.GetUtcNow().AddSeconds(120), beat.LeaseExtendedUntil);

        var current = await _client.GetExecutionAsync(claim.ExecutionId, Ct);
        Assert.Equal((beat.LeaseExtendedUntil, _time.GetUtcNow()), (current.LeaseExpiresAt, current.LastHeartbeatAt));
        Assert.Equal(50, current.Progress!.Value.GetProperty("percent").GetInt32());
    }

    [Fact]
    public async Task After_the_lease_expires_and_another_worker_claims_the_old_token_gets_claim_lost()
    {
        var first = await EnqueueAndClaimAsync("slow-worker", leaseSeconds: 30);

        _time.Advance(TimeSpan.FromSeconds(31));
        var pass = await _server.Service<MaintenanceLoop>().RunOnceAsync(_time.GetUtcNow(), Ct);
        Assert.Equal(1, pass.Requeued);

        var second = await _client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "rescuer" }, Ct);
        Assert.Equal(first.ExecutionId, second.ExecutionId);
        Assert.Equal(2, second.Execution.Attempts);
        Assert.NotEqual(first.ClaimToken, second.ClaimToken);

        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "claim_lost",
            () => _client.HeartbeatAsync(first.ExecutionId, "slow-worker", first.ClaimToken, ct: Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "claim_lost",
            () => _client.RecordOutcomeAsync(first.ExecutionId, new RecordOutcomeRequest { Success = true },
                "slow-worker", first.ClaimToken, Ct));

        var current = await _client.GetExecutionAsync(first.ExecutionId, Ct);
        Assert.Equal(("delivering", "rescuer", null), (current.Status, current.ClaimedByWorker, current.Outcome));
    }

    [Fact]
    public async Task A_wrong_claim_token_is_reported_as_possibly_wrong_not_only_as_an_expired_lease()
    {
        var claim = await EnqueueAndClaimAsync("owner", leaseSeconds: 300);
        var wrong = new string('0', claim.ClaimToken.Length);

        var outcome = await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "claim_lost", () => _client.RecordOutcomeAsync(
            claim.ExecutionId, new RecordOutcomeRequest { Success = true }, "owner", wrong, Ct));
        var heartbeat = await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "claim_lost",
            () => _client.HeartbeatAsync(claim.ExecutionId, "owner", wrong, ct: Ct));

        // The lease has not expired and nobody else claimed it: the message must leave room for a mistyped token.
        Assert.All(new[] { outcome.Message, heartbeat.Message }, m => Assert.Contains("the token is wrong", m, StringComparison.Ordinal));
        Assert.Equal("delivering", (await _client.GetExecutionAsync(claim.ExecutionId, Ct)).Status);
    }

    [Fact]
    public async Task After_a_cancel_the_claimers_heartbeat_gets_execution_cancelled()
    {
        var claim = await EnqueueAndClaimAsync("worker", leaseSeconds: 300);

        await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, "not_execution_owner",
            () => _client.CancelAsync(claim.ExecutionId, new CancelExecutionRequest { Reason = "no" }, "someone-else", Ct));
        var cancelled = await _client.CancelAsync(
            claim.ExecutionId, new CancelExecutionRequest { Reason = "operator stop", Force = true }, ct: Ct);
        Assert.Equal(("cancelled", "operator stop"), (cancelled.Status, cancelled.CancelReason));

        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "execution_cancelled",
            () => _client.HeartbeatAsync(claim.ExecutionId, "worker", claim.ClaimToken, ct: Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "execution_terminal",
            () => _client.CancelAsync(claim.ExecutionId, new CancelExecutionRequest { Force = true }, ct: Ct));
    }

    [Fact]
    public async Task Release_hands_the_execution_back_without_counting_the_attempt_and_only_for_its_claimer()
    {
        var claim = await EnqueueAndClaimAsync("worker", leaseSeconds: 300);

        await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, "not_execution_owner",
            () => _client.ReleaseAsync(claim.ExecutionId, "other", ct: Ct));
        var released = await _client.ReleaseAsync(claim.ExecutionId, "worker", claim.ClaimToken, Ct);
        Assert.Equal(("pending", 0, null), (released.Status, released.Attempts, released.ClaimedByWorker));

        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "claim_lost",
            () => _client.ReleaseAsync(claim.ExecutionId, "worker", claim.ClaimToken, Ct));
        var again = await _client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "next" }, Ct);
        Assert.Equal((claim.ExecutionId, 1), (again.ExecutionId, again.Execution.Attempts));
    }

    [Fact]
    public async Task A_worker_heartbeat_extends_every_lease_the_worker_holds()
    {
        var claim = await EnqueueAndClaimAsync("daemon", leaseSeconds: 60);
        _time.Advance(TimeSpan.FromSeconds(50));

        var beat = await _client.WorkerHeartbeatAsync(
            new Baton.Contracts.Workers.WorkerHeartbeatRequest { WorkerId = "daemon", Handlers = ["t"] }, Ct);
        Assert.Equal(_time.GetUtcNow(), beat.ServerTime);

        _time.Advance(TimeSpan.FromSeconds(20));
        var pass = await _server.Service<MaintenanceLoop>().RunOnceAsync(_time.GetUtcNow(), Ct);
        Assert.Equal(0, pass.Requeued);
        var current = await _client.GetExecutionAsync(claim.ExecutionId, Ct);
        Assert.Equal(("delivering", "daemon"), (current.Status, current.ClaimedByWorker));

        var workers = await _client.ListWorkersAsync(Ct);
        var worker = Assert.Single(workers.Workers);
        Assert.Equal(("daemon", "active", 20L, 1L), (worker.WorkerId, worker.HeartbeatStatus, worker.SecondsSinceHeartbeat, worker.ClaimedCount));
        Assert.Equal(["t"], worker.Handlers);

        await _client.DeleteWorkerAsync("daemon", Ct);
        Assert.Empty((await _client.ListWorkersAsync(Ct)).Workers);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "worker_not_found", () => _client.DeleteWorkerAsync("daemon", Ct));
    }

    [Fact]
    public async Task An_identity_less_outcome_is_accepted_unless_ownership_is_strict()
    {
        var lenient = await EnqueueAndClaimAsync("worker", leaseSeconds: 300);
        var recorded = await _client.RecordOutcomeAsync(lenient.ExecutionId, new RecordOutcomeRequest { Success = true }, ct: Ct);
        Assert.Equal("success", recorded.Status);

        await using var strict = await ServerHarness.StartAsync(s => s with { StrictOwnership = true, Time = _time, RunMaintenance = false });
        var client = await strict.NewTenantAsync();
        await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t" }, Ct);
        var claim = await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "worker" }, Ct);

        await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, "not_execution_owner",
            () => client.RecordOutcomeAsync(claim.ExecutionId, new RecordOutcomeRequest { Success = true }, ct: Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, "not_execution_owner",
            () => client.ReleaseAsync(claim.ExecutionId, workerId: null, ct: Ct));
        var owned = await client.RecordOutcomeAsync(
            claim.ExecutionId, new RecordOutcomeRequest { Success = true }, "worker", claim.ClaimToken, Ct);
        Assert.Equal("success", owned.Status);
    }

    private async Task<ClaimResponse> EnqueueAndClaimAsync(string workerId, int leaseSeconds)
    {
        // A zero backoff makes a rescued lease claimable again at once, so the test need not move the clock twice.
        await _client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t", BackoffSeconds = [0] }, Ct);
        return await _client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = workerId, LeaseSeconds = leaseSeconds }, Ct);
    }
}

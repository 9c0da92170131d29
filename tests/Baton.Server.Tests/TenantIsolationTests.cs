using System.Net;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Contracts.Workers;
using Xunit;

namespace Baton.Server.Tests;

public sealed class TenantIsolationTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Another_tenants_executions_and_workers_do_not_exist_for_you()
    {
        var owner = await _server.NewTenantAsync();
        var stranger = await _server.NewTenantAsync();
        await owner.EnqueueBatchAsync([new() { Task = "t" }, new() { Task = "t" }], Ct);
        var claim = await owner.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "owner-worker" }, Ct);
        await owner.WorkerHeartbeatAsync(new WorkerHeartbeatRequest { WorkerId = "owner-worker" }, Ct);
        var id = claim.ExecutionId;

        var notFound = new (string Endpoint, Func<Task> Call)[]
        {
            ("get", () => stranger.GetExecutionAsync(id, Ct)),
            ("claim by id", () => stranger.ClaimByIdAsync(id, new ClaimByIdRequest { WorkerId = "owner-worker" }, Ct)),
            ("heartbeat", () => stranger.HeartbeatAsync(id, "owner-worker", claim.ClaimToken, ct: Ct)),
            ("outcome", () => stranger.RecordOutcomeAsync(id, new RecordOutcomeRequest { Success = true }, ct: Ct)),
            ("release", () => stranger.ReleaseAsync(id, "owner-worker", claim.ClaimToken, Ct)),
            ("cancel", () => stranger.CancelAsync(id, new CancelExecutionRequest { Force = true }, ct: Ct)),
            ("replay", () => stranger.ReplayAsync(id, Ct)),
        };
        foreach (var (endpoint, call) in notFound)
        {
            var error = await Assert.ThrowsAsync<BatonApiException>(call);
            Assert.True(error is { Status: HttpStatusCode.NotFound, Code: "execution_not_found" }, $"{endpoint} answered {error.Status} {error.Code}");
        }

        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "worker_not_found", () => stranger.DeleteWorkerAsync("owner-worker", Ct));
        var batch = await stranger.RecordOutcomesAsync([new BatchOutcomeItem { ExecutionId = id, Success = true }], "owner-worker", Ct);
        Assert.Equal("execution_not_found", Assert.Single(batch.Results).Error!.Code);
        Assert.Equal(0, (await stranger.ListExecutionsAsync(ct: Ct)).Total);
        Assert.Empty((await stranger.ListClaimableAsync(ct: Ct)).Executions);
        Assert.Null(await stranger.TryClaimAsync(new ClaimExecutionsRequest { WorkerId = "thief" }, Ct));
        Assert.Empty((await stranger.ListWorkersAsync(Ct)).Workers);

        // The owner's world is untouched.
        var mine = await owner.ListExecutionsAsync(ct: Ct);
        Assert.Equal((1, 1), (mine.Counts.Pending, mine.Counts.Delivering));
        var held = await owner.GetExecutionAsync(id, Ct);
        Assert.Equal(("delivering", "owner-worker", null), (held.Status, held.ClaimedByWorker, held.Outcome));
        Assert.Equal("owner-worker", Assert.Single((await owner.ListWorkersAsync(Ct)).Workers).WorkerId);
    }
}

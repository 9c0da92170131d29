using System.Collections.Concurrent;
using Baton.Client;
using Baton.Contracts.Executions;
using Xunit;

namespace Baton.Server.Tests;

public sealed class ClaimTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Sixteen_concurrent_batch_claimers_over_http_claim_every_execution_exactly_once()
    {
        const int total = 2000;
        var client = await _server.NewTenantAsync();
        var enqueued = new List<Guid>();
        for (var batch = 0; batch < total / 1000; batch++)
        {
            var items = Enumerable.Range(0, 1000).Select(i => new EnqueueExecutionRequest { Task = "work", Title = $"{batch}-{i}" }).ToList();
            enqueued.AddRange((await client.EnqueueBatchAsync(items, Ct)).Executions.Select(e => e.Id));
        }

        var claimedBy = new ConcurrentDictionary<Guid, string>();
        var claimedTwice = new ConcurrentBag<Guid>();
        var claimers = Enumerable.Range(0, 16).Select(n => Task.Run(async () =>
        {
            var worker = $"worker-{n}";
            while (await client.TryClaimAsync(new ClaimExecutionsRequest { WorkerId = worker, Limit = 10 }, Ct) is { } claim)
            {
                foreach (var claimed in claim.Executions!)
                {
                    if (!claimedBy.TryAdd(claimed.ExecutionId, worker)) claimedTwice.Add(claimed.ExecutionId);
                }
            }
        }, Ct));
        await Task.WhenAll(claimers);

        Assert.Empty(claimedTwice);
        Assert.Equal(enqueued.ToHashSet(), claimedBy.Keys.ToHashSet());

        // Every stored row agrees: claimed once, by the worker that was told it won.
        var rows = 0;
        for (var offset = 0; offset < total; offset += 100)
        {
            var page = await client.ListExecutionsAsync(new ExecutionListQuery { Limit = 100, Offset = offset }, Ct);
            foreach (var row in page.Executions)
            {
                Assert.Equal(("delivering", 1, claimedBy[row.Id]), (row.Status, row.Attempts, row.ClaimedByWorker));
                rows++;
            }

            Assert.Equal((0, total), (page.Counts.Pending, page.Counts.Delivering));
        }

        Assert.Equal(total, rows);
    }

    [Fact]
    public async Task A_claim_filtered_to_task_b_gets_the_oldest_b_behind_ten_thousand_older_a_executions()
    {
        var client = await _server.NewTenantAsync();
        for (var batch = 0; batch < 10; batch++)
        {
            var items = Enumerable.Range(0, 1000).Select(_ => new EnqueueExecutionRequest { Task = "a" }).ToList();
            await client.EnqueueBatchAsync(items, Ct);
        }

        var oldestB = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "b", Title = "first b" }, Ct)).Execution;
        var newerB = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "b", Title = "second b" }, Ct)).Execution;

        var claimable = await client.ListClaimableAsync(new ClaimableQuery { Task = "b" }, Ct);
        Assert.Equal([oldestB.Id, newerB.Id], claimable.Executions.Select(e => e.ExecutionId));
        Assert.Equal(("b", 1), (claimable.Executions[0].Task, claimable.Executions[0].Attempt));

        var claim = await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "b-worker", Task = "b" }, Ct);
        Assert.Equal(oldestB.Id, claim.ExecutionId);
        Assert.Equal(("delivering", "b-worker"), (claim.Execution.Status, claim.Execution.ClaimedByWorker));
        Assert.Null(claim.Executions);

        var page = await client.ListExecutionsAsync(new ExecutionListQuery { Task = "a", Limit = 1 }, Ct);
        Assert.Equal((10_000, 0), (page.Counts.Pending, page.Counts.Delivering));
    }

    [Fact]
    public async Task Claim_filters_on_tasks_agent_queue_run_and_tags_and_claim_by_id_takes_the_named_one()
    {
        var client = await _server.NewTenantAsync();
        var plain = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x" }, Ct)).Execution;
        var target = (await client.EnqueueAsync(new EnqueueExecutionRequest
        {
            Task = "y",
            Agent = "claude",
            Queue = "fast_lane",
            RunId = "run-7",
            Tags = ["red", "big"],
        }, Ct)).Execution;

        var narrow = new ClaimExecutionsRequest
        {
            WorkerId = "w",
            Tasks = ["x", "y"],
            Agent = "claude",
            Queue = "fast_lane",
            RunId = "run-7",
            Tags = ["big"],
            LeaseSeconds = 60,
        };
        var claim = await client.ClaimAsync(narrow, Ct);
        Assert.Equal((target.Id, 60), (claim.ExecutionId, claim.LeaseSeconds));
        Assert.Null(await client.TryClaimAsync(narrow, Ct));

        var byId = await client.ClaimByIdAsync(plain.Id, new ClaimByIdRequest { WorkerId = "w2" }, Ct);
        Assert.Equal((plain.Id, 900), (byId.ExecutionId, byId.LeaseSeconds));
        await ApiAssert.FailsAsync(System.Net.HttpStatusCode.Conflict, "claim_failed",
            () => client.ClaimByIdAsync(plain.Id, new ClaimByIdRequest { WorkerId = "w3" }, Ct));
    }
}

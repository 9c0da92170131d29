using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Testing;

namespace Baton.Worker.Tests;

/// <summary>
/// <c>prefetch</c>: real <c>baton worker</c> processes claiming ahead against a real <c>baton serve</c>. Every execution
/// runs once, prefetched work waits at most half a lease, and a stopped worker gives back what it had not started.
/// </summary>
public sealed class PrefetchTests(WorkerTestServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_prefetching_workers_run_every_execution_of_a_batch_exactly_once()
    {
        const int total = 120;
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var handlers = $"""
            max_concurrent: 2
            handlers:
              quick: echo "$BATON_EXECUTION_ID" >> "{scenario.Dir}/ran-$BATON_WORKER_ID.log"
            """;
        // One from the config key, one from the flag.
        var fromConfig = await scenario.StartWorkerAsync("ahead-a", "prefetch: 5\n" + handlers);
        await using var fromFlag = BatonProcess.Start("worker", "--config", scenario.WriteConfig("ahead-b", handlers), "--prefetch", "5");
        await fromFlag.WaitForStdoutAsync(l => l.Contains("Baton worker ahead-b started", StringComparison.Ordinal), WorkerScenario.Patience);
        Assert.Contains(fromConfig.StdoutLines, l => l.Contains("up to 2 at once, 5 more prefetched.", StringComparison.Ordinal));
        Assert.Contains(fromFlag.StdoutLines, l => l.Contains("up to 2 at once, 5 more prefetched.", StringComparison.Ordinal));

        var ids = (await scenario.Client.EnqueueBatchAsync(
                Enumerable.Range(0, total).Select(i => new EnqueueExecutionRequest { Task = "quick", Title = $"q{i}" }).ToList(), Ct))
            .Executions.Select(e => e.Id).ToList();
        foreach (var id in ids)
        {
            var done = await scenario.WaitForEndAsync(id);
            // One attempt each: nothing was claimed twice, and nothing waited in a buffer until its lease ran out.
            Assert.Equal(("success", 1), (done.Status, done.Attempts));
        }

        var ran = Directory.EnumerateFiles(scenario.Dir, "ran-*.log")
            .SelectMany(f => File.ReadAllLines(f).Select(line => (Worker: Path.GetFileName(f), Id: Guid.Parse(line))))
            .ToList();
        Assert.Equal(total, ran.Count);
        Assert.Equal(ids.ToHashSet(), ran.Select(r => r.Id).ToHashSet());
        Assert.Equal(2, ran.Select(r => r.Worker).Distinct().Count());
    }

    [Fact]
    public async Task A_stopped_worker_releases_its_prefetched_executions_at_once_and_leaves_nothing_claimed()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var first = await scenario.StartWorkerAsync("stocked", """
            max_concurrent: 1
            prefetch: 3
            lease_seconds: 300
            shutdown_grace_seconds: 20
            handlers:
              slow: sleep 6; echo slow-done
            """);
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++) ids.Add((await scenario.EnqueueAsync("slow", title: $"s{i}")).Id);
        // One running and three prefetched, all claimed by this worker.
        await scenario.WaitUntilDeliveringAsync([.. ids]);

        await first.TerminateAsync();
        // Three are back in the queue while the running one is still draining: released, not left to the lease.
        var rows = new List<ExecutionResponse>();
        await WorkerScenario.EventuallyAsync(async () =>
        {
            rows = [.. await Task.WhenAll(ids.Select(scenario.GetAsync))];
            return rows.Count(r => r is { Status: "pending", Attempts: 0, ClaimedByWorker: null }) == 3;
        }, "the prefetched executions are pending again with their attempts given back", TimeSpan.FromSeconds(5));
        var running = Assert.Single(rows, r => r.Status == "delivering").Id;
        var released = ids.Where(id => id != running).ToList();
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("success", (await scenario.GetAsync(running)).Status);
        Assert.Contains(first.StdoutLines, l => l.Contains("releasing 3 prefetched execution(s)", StringComparison.Ordinal));
        var claimedByIt = await scenario.Client.ListExecutionsAsync(
            new ExecutionListQuery { WorkerId = "stocked", Statuses = ["delivering"] }, Ct);
        Assert.Empty(claimedByIt.Executions);

        // Well within the 300-second lease: only the releases explain another worker running them now.
        await scenario.StartWorkerAsync("next", """
            max_concurrent: 3
            handlers:
              slow: echo next-done
            """);
        foreach (var id in released)
        {
            var done = await scenario.WaitForEndAsync(id);
            Assert.Equal(("success", "next", 1), (done.Status, done.ClaimedByWorker, done.Attempts));
        }
    }

    [Fact]
    public async Task Work_prefetched_by_a_busy_worker_goes_back_after_half_its_lease_and_another_worker_runs_it()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        // A 4-second lease: prefetched work may wait 2 s. The running handler's heartbeats keep its own lease alive.
        var busy = await scenario.StartWorkerAsync("busy", """
            max_concurrent: 1
            prefetch: 2
            lease_seconds: 4
            handlers:
              job: sleep 10; echo busy-done
            """);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add((await scenario.EnqueueAsync("job", title: $"j{i}")).Id);
        await scenario.WaitUntilDeliveringAsync([.. ids]);

        // A second worker, started while the first holds the two it cannot run yet.
        await scenario.StartWorkerAsync("idle", """
            handlers:
              job: echo idle-done
            """);
        var rows = new List<ExecutionResponse>();
        await WorkerScenario.EventuallyAsync(async () =>
        {
            rows = [.. await Task.WhenAll(ids.Select(scenario.GetAsync))];
            return rows.Count(r => r.Status == "success") == 2;
        }, "the idle worker ran the two the busy one held");
        foreach (var done in rows.Where(r => r.Status == "success"))
        {
            // Attempt 1: given back by a release, not rescued after its lease ran out (that attempt would count).
            Assert.Equal(("idle", 1), (done.ClaimedByWorker, done.Attempts));
        }

        var running = Assert.Single(rows, r => r.Status == "delivering");
        Assert.Equal("busy", running.ClaimedByWorker);
        Assert.Contains(busy.StdoutLines, l => l.Contains("released unstarted", StringComparison.Ordinal));
        var first = await scenario.WaitForEndAsync(running.Id);
        Assert.Equal(("success", "busy", 1), (first.Status, first.ClaimedByWorker, first.Attempts));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("101")]
    [InlineData("lots")]
    public async Task A_bad_prefetch_in_the_config_is_refused_with_its_line(string value)
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var path = scenario.WriteConfig("bad-prefetch", $"""
            prefetch: {value}
            handlers:
              quick: echo hi
            """);

        var (exit, _, stderr) = await BatonProcess.RunAsync("worker", "validate", "--config", path);

        Assert.Equal(1, exit);
        Assert.Contains($"{path}:7: error: prefetch must be a whole number from 0 to 100, not '{value}'.", stderr, StringComparison.Ordinal);
        var run = await BatonProcess.RunAsync("worker", "--config", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("prefetch must be a whole number from 0 to 100", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_prefetch_flag_is_refused_before_anything_starts()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var path = scenario.WriteConfig("bad-flag", """
            handlers:
              quick: echo hi
            """);

        var (exit, _, stderr) = await BatonProcess.RunAsync("worker", "--config", path, "--prefetch", "101");

        Assert.Equal(1, exit);
        Assert.Contains("--prefetch must be a whole number from 0 to 100, not 101.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("started", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_shows_the_prefetch()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var path = scenario.WriteConfig("valid-prefetch", """
            max_concurrent: 3
            prefetch: 4
            handlers:
              quick: echo hi
            """);

        var (exit, stdout, stderr) = await BatonProcess.RunAsync("worker", "validate", "--config", path);

        Assert.True(exit == 0, stderr);
        Assert.Contains("up to 3 at once, 4 more prefetched.", stdout, StringComparison.Ordinal);
    }
}

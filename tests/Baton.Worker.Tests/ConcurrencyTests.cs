using Baton.Contracts.Executions;

namespace Baton.Worker.Tests;

/// <summary><c>max_concurrent</c> under a burst, and heartbeats that keep a long handler's lease alive.</summary>
public sealed class ConcurrencyTests(WorkerTestServer server)
{
    [Fact]
    public async Task A_burst_of_50_executions_never_runs_more_than_max_concurrent_handlers_at_once()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var trace = Path.Combine(scenario.Dir, "trace");
        var batch = await scenario.Client.EnqueueBatchAsync(
            [.. Enumerable.Range(0, 50).Select(_ => new EnqueueExecutionRequest { Task = "burst", MaxAttempts = 1 })],
            TestContext.Current.CancellationToken);

        await scenario.StartWorkerAsync("burst", $"""
            max_concurrent: 4
            handlers:
              burst: echo "+ $BATON_EXECUTION_ID" >> {trace}; sleep 0.3; echo "- $BATON_EXECUTION_ID" >> {trace}
            """);

        var maxDelivering = 0L;
        var sampling = Task.Run(async () =>
        {
            while (true)
            {
                var page = await scenario.Client.ListExecutionsAsync(new Baton.Client.ExecutionListQuery { Limit = 1 }, TestContext.Current.CancellationToken);
                maxDelivering = Math.Max(maxDelivering, page.Counts.Delivering);
                if (page.Counts.Success + page.Counts.Failed == 50) return;
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken);
        foreach (var execution in batch.Executions) Assert.Equal("success", (await scenario.WaitForEndAsync(execution.Id)).Status);
        await sampling;

        // Appends to one file are ordered, so "+" lines not yet matched by "-" are handlers alive at that moment.
        var running = 0;
        var most = 0;
        foreach (var line in File.ReadAllLines(trace))
        {
            running += line[0] == '+' ? 1 : -1;
            most = Math.Max(most, running);
        }

        Assert.Equal(100, File.ReadAllLines(trace).Length);
        Assert.InRange(most, 2, 4);
        Assert.InRange(maxDelivering, 1, 4);
    }

    [Fact]
    public async Task Heartbeats_keep_the_lease_of_a_handler_that_runs_six_lease_lengths()
    {
        // The case is a 3-minute handler under a 30-second lease with the default heartbeat_interval (30 s):
        // scaled by 1/10 to an 18-second handler under a 3-second lease, heartbeat_interval left at its default. The
        // worker heartbeats at least three times per lease whatever heartbeat_interval says; the server's rescue loop
        // runs every second, so a lapsed lease would be taken back (attempt 2, or claim_lost on the outcome).
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var enqueued = await scenario.EnqueueAsync("long", maxAttempts: 3);
        var config = scenario.WriteConfig("keeper", """
            lease_seconds: 3
            handlers:
              long: sleep 18; echo finished
            """);
        File.WriteAllText(config, File.ReadAllText(config).Replace("heartbeat_interval: 1\n", "", StringComparison.Ordinal));
        Assert.DoesNotContain("heartbeat_interval", File.ReadAllText(config), StringComparison.Ordinal);
        var worker = scenario.StartWorker(config);

        var execution = await scenario.WaitForEndAsync(enqueued.Id);

        Assert.Equal("success", execution.Status);
        Assert.Equal("finished", execution.Outcome!.Result);
        Assert.Equal(1, execution.Attempts);
        Assert.True(execution.Outcome.RecordedAt - execution.StartedAt!.Value >= TimeSpan.FromSeconds(18));
        Assert.DoesNotContain("claim was lost", worker.Stderr, StringComparison.Ordinal);
    }
}

namespace Baton.Worker.Tests;

/// <summary>How a worker's work survives the worker: SIGTERM drains and releases; SIGKILL leaves it to the lease.</summary>
public sealed class ShutdownTests(WorkerTestServer server)
{
    [Fact]
    public async Task A_worker_stopped_with_SIGTERM_shows_as_stopping_while_it_drains_then_stopped_not_active()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var worker = await scenario.StartWorkerAsync("leaving", """
            shutdown_grace_seconds: 10
            handlers:
              busy: sleep 4; echo done
            """);
        var busy = await scenario.EnqueueAsync("busy");
        await scenario.WaitUntilDeliveringAsync(busy.Id);
        await WorkerScenario.EventuallyAsync(async () => await StatusAsync(scenario) == "active", "the worker is listed as active");

        await worker.TerminateAsync();
        await WorkerScenario.EventuallyAsync(async () => await StatusAsync(scenario) == "stopping", "the draining worker says stopping");
        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("stopped", await StatusAsync(scenario));
        Assert.Equal("success", (await scenario.GetAsync(busy.Id)).Status);
    }

    private static async Task<string> StatusAsync(WorkerScenario scenario) =>
        (await scenario.Client.ListWorkersAsync(TestContext.Current.CancellationToken)).Workers.Single(w => w.WorkerId == "leaving").HeartbeatStatus;

    [Fact]
    public async Task SIGTERM_lets_finished_handlers_report_and_releases_the_rest_to_a_second_worker()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var first = await scenario.StartWorkerAsync("first", $"""
            max_concurrent: 3
            shutdown_grace_seconds: 4
            lease_seconds: 300
            handlers:
              quick: sleep 2; echo quick-done
              slow: echo $$ > "{scenario.Dir}/slow-$BATON_EXECUTION_ID.pid"; sleep 120
            """);
        var quick = await scenario.EnqueueAsync("quick");
        var slow1 = await scenario.EnqueueAsync("slow", maxAttempts: 3);
        var slow2 = await scenario.EnqueueAsync("slow", maxAttempts: 3);
        await scenario.WaitUntilDeliveringAsync(quick.Id, slow1.Id, slow2.Id);
        var slowShells = new[] { await scenario.ReadPidAsync($"slow-{slow1.Id}.pid"), await scenario.ReadPidAsync($"slow-{slow2.Id}.pid") };

        await first.TerminateAsync();
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var finished = await scenario.GetAsync(quick.Id);
        Assert.Equal("success", finished.Status);
        Assert.Equal("quick-done", finished.Outcome!.Result);
        foreach (var id in (Guid[])[slow1.Id, slow2.Id])
        {
            // Released, not failed: back to pending at once, the attempt not counted, no outcome.
            var released = await scenario.GetAsync(id);
            Assert.Equal("pending", released.Status);
            Assert.Equal(0, released.Attempts);
            Assert.Null(released.Outcome);
        }

        Assert.All(slowShells, pid => Assert.False(HandlerProcesses.IsAlive(pid)));
        Assert.Contains(first.StdoutLines, l => l.Contains("released", StringComparison.Ordinal));

        // Well within the 300-second lease: only a release can explain a second worker finishing them now.
        await scenario.StartWorkerAsync("second", """
            handlers:
              slow: echo second-done
            """);
        foreach (var id in (Guid[])[slow1.Id, slow2.Id])
        {
            var done = await scenario.WaitForEndAsync(id);
            Assert.Equal("success", done.Status);
            Assert.Equal("second", done.ClaimedByWorker);
            Assert.Equal("second-done", done.Outcome!.Result);
            Assert.Equal(1, done.Attempts);
        }
    }

    [Fact]
    public async Task After_SIGKILL_of_the_worker_its_executions_return_after_the_lease_and_a_second_worker_completes_them()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var first = await scenario.StartWorkerAsync("doomed", $"""
            lease_seconds: 2
            handlers:
              job: echo $$ > "{scenario.Dir}/job-$BATON_EXECUTION_ID.pid"; sleep 120
            """);
        var a = await scenario.EnqueueAsync("job", maxAttempts: 3);
        var b = await scenario.EnqueueAsync("job", maxAttempts: 3);
        await scenario.WaitUntilDeliveringAsync(a.Id, b.Id);

        await first.KillAloneAsync();

        await WorkerScenario.EventuallyAsync(async () =>
            (await scenario.GetAsync(a.Id)).Status == "pending" && (await scenario.GetAsync(b.Id)).Status == "pending",
            "the leases run out and both executions are claimable again", TimeSpan.FromSeconds(30));
        await scenario.StartWorkerAsync("survivor", """
            handlers:
              job: echo survived
            """);
        foreach (var id in (Guid[])[a.Id, b.Id])
        {
            var done = await scenario.WaitForEndAsync(id);
            Assert.Equal("success", done.Status);
            Assert.Equal("survivor", done.ClaimedByWorker);
            Assert.Equal(2, done.Attempts);
        }
    }
}

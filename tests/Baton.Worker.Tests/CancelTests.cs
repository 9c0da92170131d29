using Baton.Contracts.Executions;

namespace Baton.Worker.Tests;

/// <summary>What a heartbeat's 409 does to a running handler: cancel kills its whole process tree; a lost claim is dropped.</summary>
public sealed class CancelTests(WorkerTestServer server)
{
    /// <summary>Starts a child that ignores SIGTERM, records both pids, and waits.</summary>
    private static string StubbornHandler(string dir) => $"""
        max_concurrent: 1
        handlers:
          stubborn: |
            (trap '' TERM; exec sleep 120) &
            echo $! > "{dir}/child-$BATON_EXECUTION_ID"
            echo $$ > "{dir}/shell-$BATON_EXECUTION_ID.pid"
            wait
        """;

    [Fact]
    public async Task Cancel_mid_run_kills_the_whole_process_tree_including_a_child_that_ignores_SIGTERM()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var worker = await scenario.StartWorkerAsync("canceller", StubbornHandler(scenario.Dir));
        var enqueued = await scenario.EnqueueAsync("stubborn");
        var shell = await scenario.ReadPidAsync($"shell-{enqueued.Id}.pid");
        var child = await scenario.ReadPidAsync($"child-{enqueued.Id}");

        // The premise: the handler leads its own process group, and its child really ignores SIGTERM.
        Assert.Equal(shell, HandlerProcesses.ProcessGroupOf(shell));
        Assert.Equal(shell, HandlerProcesses.ProcessGroupOf(child));
        Assert.NotEqual(HandlerProcesses.ProcessGroupOf(worker.Id), shell);
        Assert.True(HandlerProcesses.IgnoresSigterm(child));

        await scenario.Client.CancelAsync(enqueued.Id, new CancelExecutionRequest { Force = true, Reason = "not needed" },
            ct: TestContext.Current.CancellationToken);

        await WorkerScenario.EventuallyAsync(() => Task.FromResult(!HandlerProcesses.IsAlive(child) && !HandlerProcesses.IsAlive(shell)),
            "the handler and its SIGTERM-ignoring child are gone", TimeSpan.FromSeconds(20));
        await worker.WaitForStdoutAsync(l => l.Contains("cancelled on the server", StringComparison.Ordinal), WorkerScenario.Patience);
        var execution = await scenario.GetAsync(enqueued.Id);
        Assert.Equal("cancelled", execution.Status);
        Assert.Null(execution.Outcome);
        Assert.False(worker.HasExited);

        // The worker goes on with other work.
        var next = await scenario.EnqueueAsync("stubborn", maxAttempts: 1);
        await scenario.ReadPidAsync($"shell-{next.Id}.pid");
    }

    [Fact]
    public async Task A_lost_claim_kills_the_handler_and_reports_nothing()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var worker = await scenario.StartWorkerAsync("loser", StubbornHandler(scenario.Dir));
        var enqueued = await scenario.EnqueueAsync("stubborn", maxAttempts: 3);
        var shell = await scenario.ReadPidAsync($"shell-{enqueued.Id}.pid");
        var child = await scenario.ReadPidAsync($"child-{enqueued.Id}");

        // Someone takes the execution away (released in the worker's name, then claimed by another worker): the
        // worker's claim token is stale from then on. (With max_concurrent 1 and its one slot busy, the worker has no
        // claim parked that could take it back first.)
        await scenario.Client.ReleaseAsync(enqueued.Id, "loser", ct: TestContext.Current.CancellationToken);
        var thief = await scenario.Client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "thief", Task = "stubborn" },
            TestContext.Current.CancellationToken);
        Assert.Equal(enqueued.Id, thief.ExecutionId);

        await WorkerScenario.EventuallyAsync(() => Task.FromResult(!HandlerProcesses.IsAlive(child) && !HandlerProcesses.IsAlive(shell)),
            "the handler is killed", TimeSpan.FromSeconds(20));
        await WorkerScenario.EventuallyAsync(() => Task.FromResult(worker.Stderr.Contains("claim was lost", StringComparison.Ordinal)),
            "the worker says it dropped the execution");
        var execution = await scenario.GetAsync(enqueued.Id);
        Assert.Equal("delivering", execution.Status);
        Assert.Equal("thief", execution.ClaimedByWorker);
        Assert.Null(execution.Outcome);
    }
}

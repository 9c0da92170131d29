namespace Baton.Worker.Tests;

/// <summary>A worker claims only the task names it has handlers for, filtered by the server before any ordering.</summary>
public sealed class RoutingTests(WorkerTestServer server)
{
    [Fact]
    public async Task A_worker_with_handlers_a_and_b_never_claims_task_c_even_when_c_is_older_and_higher_priority()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var c = await scenario.EnqueueAsync("c", priority: 1000);
        var others = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            others.Add((await scenario.EnqueueAsync("a")).Id);
            others.Add((await scenario.EnqueueAsync("b")).Id);
        }

        var worker = await scenario.StartWorkerAsync("router", """
            max_concurrent: 1
            handlers:
              a: echo a
              b:
                cmd: echo b
            """);
        foreach (var id in others) Assert.Equal("success", (await scenario.WaitForEndAsync(id)).Status);

        var untouched = await scenario.GetAsync(c.Id);
        Assert.Equal("pending", untouched.Status);
        Assert.Equal(0, untouched.Attempts);
        Assert.Null(untouched.ClaimedByWorker);
        Assert.DoesNotContain(worker.StdoutLines, l => l.Contains(c.Id.ToString(), StringComparison.Ordinal));

        var registered = (await scenario.Client.ListWorkersAsync(TestContext.Current.CancellationToken)).Workers.Single();
        Assert.Equal("router", registered.WorkerId);
        Assert.Equal(["a", "b"], registered.Handlers);
    }
}

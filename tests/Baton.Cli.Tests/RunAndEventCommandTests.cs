using System.Text.Json;
using Baton.Contracts.Executions;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary><c>runs show</c>, <c>runs ls</c> and <c>events tail</c> against a real server.</summary>
public sealed class RunAndEventCommandTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Runs_show_wait_exits_4_while_work_is_left_and_0_once_every_task_of_the_run_is_done()
    {
        var (key, client) = await server.NewTenantAsync();
        var id = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x", RunId = "run-1" }, Ct)).Execution.Id;

        var pending = await server.RunAsync(key, "runs", "show", "run-1", "--wait", "1", "--json");
        await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w1", RunId = "run-1" }, Ct);
        await client.RecordOutcomeAsync(id, new RecordOutcomeRequest { Success = true }, "w1", ct: Ct);
        var done = await server.RunAsync(key, "runs", "show", "run-1", "--wait", "10");
        var doneJson = (await server.RunAsync(key, "runs", "show", "run-1", "--json")).Json();

        Assert.Equal(4, pending.ExitCode);
        TaskCommandTests.AssertEnvelope(pending.Json(), exitCode: 4);
        Assert.False(pending.Json().GetProperty("run").GetProperty("done").GetBoolean());
        Assert.Equal(0, done.ExitCode);
        Assert.Contains("Run run-1: done", done.Stdout);
        Assert.True(doneJson.GetProperty("run").GetProperty("done").GetBoolean());
        Assert.Equal(1, doneJson.GetProperty("run").GetProperty("counts").GetProperty("success").GetInt32());
    }

    [Fact]
    public async Task Runs_ls_lists_runs_in_a_table_and_in_json()
    {
        var (key, client) = await server.NewTenantAsync();
        await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x", RunId = "alpha" }, Ct);
        await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x", RunId = "beta" }, Ct);

        var text = await server.RunAsync(key, "runs", "ls");
        var json = (await server.RunAsync(key, "runs", "ls", "--json")).Json();

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("alpha", text.Stdout);
        Assert.Contains("beta", text.Stdout);
        TaskCommandTests.AssertEnvelope(json, exitCode: 0);
        Assert.Equal(["beta", "alpha"], json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));
    }

    [Fact]
    public async Task Events_tail_prints_the_run_events_in_order_as_text_and_as_json_lines()
    {
        var (key, client) = await server.NewTenantAsync();
        var id = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x", RunId = "r" }, Ct)).Execution.Id;
        await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x", RunId = "other" }, Ct);
        await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w1", RunId = "r" }, Ct);

        var text = await server.RunAsync(key, "events", "tail", "--run-id", "r", "--count", "2");
        var json = await server.RunAsync(key, "events", "tail", "--run-id", "r", "--count", "2", "--json");

        Assert.Equal(0, text.ExitCode);
        var lines = text.Stdout.Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains("execution.created", lines[0]);
        Assert.Contains("execution.claimed", lines[1]);
        Assert.All(lines, l => Assert.Contains(id.ToString(), l));
        Assert.Equal(0, json.ExitCode);
        var jsonLines = json.Stdout.Split('\n').Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(3, jsonLines.Count);
        Assert.Equal(["execution.created", "execution.claimed"], jsonLines.Take(2).Select(e => e.GetProperty("type").GetString()));
        TaskCommandTests.AssertEnvelope(jsonLines[2], exitCode: 0);
        Assert.Equal(2, jsonLines[2].GetProperty("events_received").GetInt32());
    }

    [Fact]
    public async Task Events_tail_follows_new_events_until_interrupted_then_exits_0()
    {
        var (key, client) = await server.NewTenantAsync();
        await using var tail = BatonProcess.StartInterruptible(
            new Dictionary<string, string> { ["BATON_URL"] = server.Url.ToString(), ["BATON_API_KEY"] = key },
            "events", "tail", "--queue", "q1");

        var id = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x", Queue = "q1" }, Ct)).Execution.Id;
        await WaitUntilAsync(() => tail.StdoutLines.Any(l => l.Contains(id.ToString(), StringComparison.Ordinal)));
        await InterruptAsync(tail.Id);
        // One Ctrl-C. (It used to be "not acted on" in CI: the run had been started as a background job, so every
        // process inherited SIGINT ignored; the tail now starts with SIGINT at its default, as from a terminal.)
        var exitCode = await tail.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.Contains("execution.created", Assert.Single(tail.StdoutLines));
    }

    private static async Task InterruptAsync(int pid)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(Ct);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the tail to print the event");
            await Task.Delay(50, Ct);
        }
    }
}

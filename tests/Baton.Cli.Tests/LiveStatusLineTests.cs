using System.Text.Json;
using Baton.Contracts.Executions;

namespace Baton.Cli.Tests;

/// <summary>
/// <c>baton wait</c> and <c>baton runs show --wait</c> show a live status line (status or counts, seconds waited) on a
/// terminal, and nothing but their result with --json or when the output is not a terminal.
/// </summary>
public sealed class LiveStatusLineTests(CliServer server) : IClassFixture<CliServer>
{
    /// <summary>Bounds a hang only; the waits below end in a few seconds.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Wait_on_a_terminal_shows_the_status_and_the_seconds_waited_until_the_task_finishes()
    {
        var (key, client) = await server.NewTenantAsync();
        var id = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x" }, Ct)).Execution.Id;
        await using var terminal = server.RunOnTerminal(key, "wait", id.ToString(), "--timeout", "120");

        // The line names the task and its status, and its seconds count up while it waits.
        var shortId = id.ToString()[^12..];
        var pending = $@"waiting for …{shortId}: pending · ([0-9]+) s";
        var first = Seconds(await terminal.WaitForTextAsync(pending, Bound));
        await terminal.WaitForTextAsync(pending, Bound, later => Seconds(later) > first);
        await client.ClaimByIdAsync(id, new ClaimByIdRequest { WorkerId = "w" }, Ct);
        await terminal.WaitForTextAsync($@"waiting for …{shortId}: delivering · [0-9]+ s", Bound);
        await client.RecordOutcomeAsync(id, new RecordOutcomeRequest { Success = true, Result = "done" }, "w", ct: Ct);

        Assert.Equal(0, await terminal.WaitForExitAsync(Bound));
        Assert.Contains($"{id} finished: success — done", terminal.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_show_wait_on_a_terminal_shows_the_runs_counts_by_status_and_the_seconds_waited()
    {
        var (key, client) = await server.NewTenantAsync();
        var first = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x", RunId = "live" }, Ct)).Execution.Id;
        var second = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x", RunId = "live" }, Ct)).Execution.Id;
        await using var terminal = server.RunOnTerminal(key, "runs", "show", "live", "--wait", "120");

        await terminal.WaitForTextAsync("run live: 2 pending · [0-9]+ s", Bound);
        await CompleteAsync(client, first);
        await terminal.WaitForTextAsync("run live: 1 pending · 1 success · [0-9]+ s", Bound);
        await CompleteAsync(client, second);

        Assert.Equal(0, await terminal.WaitForExitAsync(Bound));
        Assert.Contains("Run live: done", terminal.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wait")]
    [InlineData("runs show")]
    public async Task With_json_on_a_terminal_a_wait_prints_only_its_envelope(string command)
    {
        var (key, client) = await server.NewTenantAsync();
        var id = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x", RunId = "quiet-json" }, Ct)).Execution.Id;
        // Left unfinished: the wait runs its whole two seconds, long enough for a status line to be drawn.
        string[] args = command == "wait"
            ? ["wait", id.ToString(), "--timeout", "2", "--json"]
            : ["runs", "show", "quiet-json", "--wait", "2", "--json"];
        await using var terminal = server.RunOnTerminal(key, args);

        Assert.Equal(4, await terminal.WaitForExitAsync(Bound));
        Assert.DoesNotContain("waiting for", terminal.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("pending ·", terminal.Text, StringComparison.Ordinal);
        using var envelope = JsonDocument.Parse(terminal.Text.Trim());
        Assert.True(envelope.RootElement.GetProperty("timed_out").GetBoolean());
    }

    [Theory]
    [InlineData("wait")]
    [InlineData("runs show")]
    public async Task Piped_a_wait_prints_only_its_result_even_while_it_waits(string command)
    {
        var (key, client) = await server.NewTenantAsync();
        var id = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x", RunId = "piped" }, Ct)).Execution.Id;
        var (args, result) = command == "wait"
            ? (new[] { "wait", id.ToString(), "--timeout", "2" }, $"Timed out: {id} is still pending.")
            : (["runs", "show", "piped", "--wait", "2"], "Run piped: in progress");

        var piped = await server.RunAsync(key, args);

        Assert.Equal(4, piped.ExitCode);
        Assert.Empty(piped.Stderr.Trim());
        Assert.Equal(result, piped.Stdout.Split('\n')[0]);
        Assert.DoesNotContain("\x1B", piped.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("waiting for", piped.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("run piped:", piped.Stdout, StringComparison.Ordinal);
    }

    private static int Seconds(System.Text.RegularExpressions.Match line) =>
        int.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task CompleteAsync(Baton.Client.BatonClient client, Guid id)
    {
        await client.ClaimByIdAsync(id, new ClaimByIdRequest { WorkerId = "w" }, Ct);
        await client.RecordOutcomeAsync(id, new RecordOutcomeRequest { Success = true, Result = "done" }, "w", ct: Ct);
    }
}

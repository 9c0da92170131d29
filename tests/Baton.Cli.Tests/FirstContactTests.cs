using System.Text.Json;
using Baton.Contracts.Cues;
using Baton.Contracts.Executions;

namespace Baton.Cli.Tests;

/// <summary>What a newcomer trips on in the first minutes: messages, tables, warnings and routing, each as it should be.</summary>
public sealed class FirstContactTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_mistyped_command_gets_one_suggestion_and_a_pointer_to_help_not_the_whole_help()
    {
        var result = await Cli.RunAgainstNothingAsync("enqeue", "Summarise the build log", "--task", "summarise");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'enqeue' is not a command of 'baton'. Did you mean 'enqueue'?", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n'), l => l.Contains("Did you mean", StringComparison.Ordinal));
        Assert.Contains("See 'baton --help'.", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Commands:", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.True(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 3, result.ToString());
    }

    [Fact]
    public async Task A_mistyped_subcommand_is_suggested_within_its_parent()
    {
        var result = await Cli.RunAgainstNothingAsync("runs", "shwo", "r1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'shwo' is not a command of 'baton runs'. Did you mean 'show'?", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("See 'baton runs --help'.", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]", "not an array")]
    [InlineData("\"text\"", "not a string")]
    [InlineData("3", "not a number")]
    public async Task A_payload_that_is_not_an_object_is_named_with_the_right_article(string payload, string expected)
    {
        var result = await Cli.RunAgainstNothingAsync("enqueue", "--task", "x", "--payload", payload);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" a array", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enqueue_without_a_task_warns_that_only_workers_without_a_task_filter_will_claim_it()
    {
        var (key, _) = await server.NewTenantAsync();

        var bare = await server.RunAsync(key, "enqueue", "Something");
        var fromPayload = await server.RunAsync(key, "enqueue", "Something", "--payload", """{"task":"summarise"}""");
        var named = await server.RunAsync(key, "enqueue", "Something", "--task", "summarise");

        Assert.Equal(0, bare.ExitCode);
        Assert.Contains("only workers without a task filter will claim it", bare.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("task filter", fromPayload.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("task filter", named.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cues_create_task_is_copied_to_every_execution_the_cue_fires_and_payload_task_stays_the_fallback()
    {
        var (key, client) = await server.NewTenantAsync();

        var created = (await server.RunAsync(key, "cues", "create", "nightly", "--on-demand", "--worker", "--task", "summarise",
            "--payload", """{"task":"ignored"}""", "--json")).Json();
        var cueId = created.GetProperty("cue").GetProperty("id").GetString()!;
        var fallback = await client.CreateCueAsync(new CueRequest
        {
            Name = "cueapi-style",
            Transport = "worker",
            Schedule = new CueScheduleBody { Type = "on_demand" },
            Payload = JsonDocument.Parse("""{"task":"from-payload"}""").RootElement,
        }, Ct);

        Assert.Equal("summarise", created.GetProperty("cue").GetProperty("task").GetString());
        var fired = await client.FireCueAsync(cueId, ct: Ct);
        Assert.Equal("summarise", (await client.GetExecutionAsync(fired.Id, Ct)).Task);
        var fromPayload = await client.FireCueAsync(fallback.Id, ct: Ct);
        Assert.Equal("from-payload", (await client.GetExecutionAsync(fromPayload.Id, Ct)).Task);
        Assert.Null(fallback.Task);
        var claim = await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w", Task = "summarise" }, Ct);
        Assert.Equal(fired.Id, claim.ExecutionId);
    }

    [Fact]
    public async Task Ls_shows_short_ids_that_fit_and_wide_shows_full_ones()
    {
        var (key, client) = await server.NewTenantAsync();
        var id = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x" }, Ct)).Execution.Id.ToString();

        var narrow = await server.RunAsync(key, "ls");
        var wide = await server.RunAsync(key, "ls", "--wide");
        var quiet = await server.RunAsync(key, "ls", "--quiet");

        Assert.Contains("…" + id[^12..], narrow.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(id, narrow.Stdout, StringComparison.Ordinal);
        Assert.Contains(id, wide.Stdout, StringComparison.Ordinal);
        Assert.Equal(id, quiet.Stdout.Trim());
    }

    [Fact]
    public async Task Runs_ls_has_a_column_for_each_status_and_counts_cancelled_and_missed_apart_from_failed()
    {
        var (key, client) = await server.NewTenantAsync();
        var failed = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x", RunId = "mixed", MaxAttempts = 1 }, Ct)).Execution.Id;
        await client.ClaimByIdAsync(failed, new ClaimByIdRequest { WorkerId = "w" }, Ct);
        await client.RecordOutcomeAsync(failed, new RecordOutcomeRequest { Success = false, Error = "no" }, "w", ct: Ct);
        var cancelled = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x", RunId = "mixed" }, Ct)).Execution.Id;
        await client.CancelAsync(cancelled, ct: Ct);

        var text = await server.RunAsync(key, "runs", "ls");

        Assert.Equal(0, text.ExitCode);
        var header = text.Stdout.Split('\n').First(l => l.Contains("run", StringComparison.Ordinal) && l.Contains("retrying", StringComparison.Ordinal));
        foreach (var column in new[] { "pending", "delivering", "retrying", "success", "failed", "missed", "cancelled" })
        {
            Assert.Contains(column, header, StringComparison.Ordinal);
        }

        var cells = text.Stdout.Split('\n').First(l => l.Contains("mixed", StringComparison.Ordinal))
            .Split('│', StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToList();
        // run, done, total, pending, delivering, retrying, success, failed, missed, cancelled, last activity
        Assert.Equal(["mixed", "yes", "2", "0", "0", "0", "0", "1", "0", "1"], cells.Take(10));
    }

    [Fact]
    public async Task Wait_prints_only_its_result_when_the_output_is_not_a_terminal()
    {
        var (key, client) = await server.NewTenantAsync();
        var id = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "x" }, Ct)).Execution.Id;
        await client.ClaimByIdAsync(id, new ClaimByIdRequest { WorkerId = "w" }, Ct);
        await client.RecordOutcomeAsync(id, new RecordOutcomeRequest { Success = true, Result = "done" }, "w", ct: Ct);

        var text = await server.RunAsync(key, "wait", id.ToString());
        var json = await server.RunAsync(key, "wait", id.ToString(), "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Equal($"{id} finished: success — done", text.Stdout.Trim());
        Assert.Empty(text.Stderr.Trim());
        Assert.Equal("success", json.Json().GetProperty("status").GetString());
    }
}

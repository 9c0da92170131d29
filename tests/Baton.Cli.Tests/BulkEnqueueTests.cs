using System.Text.Json;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary><c>enqueue --from-file</c> goes through the batch endpoint, at most 1,000 tasks per request.</summary>
public sealed class BulkEnqueueTests(CliServer server) : IClassFixture<CliServer>
{
    [Fact]
    public async Task Ten_thousand_lines_are_enqueued_with_ten_batch_requests_and_no_single_enqueues()
    {
        var ct = TestContext.Current.CancellationToken;
        var (key, client) = await server.NewTenantAsync();
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "tasks.jsonl");
        await File.WriteAllLinesAsync(file,
            Enumerable.Range(0, 10_000).Select(i => "{\"title\":\"task " + i + "\",\"payload\":{\"n\":" + i + "}}"), ct);
        var batchesBefore = server.Requests.Count("POST", "/v1/executions/batch");
        var singlesBefore = server.Requests.Count("POST", "/v1/executions");

        var result = await server.RunAsync(key, "enqueue", "--from-file", file, "--task", "bulk", "--run-id", "bulk-run", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        Assert.Equal(10_000, json.GetProperty("enqueued").GetInt32());
        Assert.Equal(10, json.GetProperty("batches").GetInt32());
        Assert.Equal(10_000, json.GetProperty("ids").EnumerateArray().Select(i => i.GetString()).Distinct().Count());
        Assert.Equal(10, server.Requests.Count("POST", "/v1/executions/batch") - batchesBefore);
        Assert.Equal(singlesBefore, server.Requests.Count("POST", "/v1/executions"));
        var run = await client.GetRunAsync("bulk-run", ct: ct);
        Assert.Equal(10_000, run.Total);
        var listed = await client.ListExecutionsAsync(new Baton.Client.ExecutionListQuery { Task = "bulk", Limit = 1 }, ct);
        Assert.Equal(10_000, listed.Total);
        Assert.Equal(JsonValueKind.Object, listed.Executions[0].Payload.ValueKind);
    }

    [Fact]
    public async Task A_small_file_in_text_mode_reports_the_count_and_the_batches()
    {
        var ct = TestContext.Current.CancellationToken;
        var (key, _) = await server.NewTenantAsync();
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "few.jsonl");
        await File.WriteAllLinesAsync(file, ["""{"task":"a"}""", "", """{"task":"b","priority":3}"""], ct);

        var result = await server.RunAsync(key, "enqueue", "--from-file", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Enqueued 2 tasks from few.jsonl in 1 batch request(s).", result.Stdout);
    }
}

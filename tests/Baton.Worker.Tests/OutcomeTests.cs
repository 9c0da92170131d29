using System.Text.Json;
using Baton.Contracts.Executions;

namespace Baton.Worker.Tests;

/// <summary>
/// Exit code, output and outcome file → the reported outcome, one row of docs/worker.md's rules per test, through a
/// real worker running real shell handlers against a real server.
/// </summary>
public sealed class OutcomeTests(OutcomeWorker worker) : IClassFixture<OutcomeWorker>
{
    private WorkerScenario Scenario => worker.Scenario;

    [Fact]
    public async Task Exit_0_reports_success_with_stdout_and_stderr_as_the_result()
    {
        var execution = await RunScriptAsync("echo to-stdout; echo to-stderr >&2");

        Assert.Equal("success", execution.Status);
        Assert.True(execution.Outcome!.Success);
        Assert.Contains("to-stdout", execution.Outcome.Result, StringComparison.Ordinal);
        Assert.Contains("to-stderr", execution.Outcome.Result, StringComparison.Ordinal);
        Assert.Null(execution.Outcome.Error);
        Assert.Equal(0, WorkerNotes(execution).GetProperty("exit_code").GetInt32());
        Assert.Equal("outcomes", execution.ClaimedByWorker);
    }

    [Fact]
    public async Task A_non_zero_exit_reports_failure_with_the_output_as_the_error()
    {
        var execution = await RunScriptAsync("echo 'disk full' >&2; exit 3");

        Assert.Equal("failed", execution.Status);
        Assert.False(execution.Outcome!.Success);
        Assert.Equal("disk full", execution.Outcome.Error);
        Assert.Equal(3, WorkerNotes(execution).GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public async Task Output_is_capped_and_keeps_its_end()
    {
        // 10,000 characters, then the line that matters: the report keeps the end, within the API's 2000 characters.
        var execution = await RunScriptAsync("i=0; while [ $i -lt 100 ]; do printf '%0100d' 0; i=$((i+1)); done; echo; echo THE-END");

        Assert.Equal("success", execution.Status);
        Assert.EndsWith("THE-END", execution.Outcome!.Result, StringComparison.Ordinal);
        Assert.True(execution.Outcome.Result!.Length <= 2000);
    }

    [Fact]
    public async Task A_handler_past_its_timeout_is_killed_and_reported_as_timed_out()
    {
        var enqueued = await Scenario.EnqueueAsync("slow");
        var execution = await Scenario.WaitForEndAsync(enqueued.Id);

        Assert.Equal("failed", execution.Status);
        Assert.StartsWith("timed out after 1 s", execution.Outcome!.Error, StringComparison.Ordinal);
        Assert.Contains("working", execution.Outcome.Error, StringComparison.Ordinal);
        Assert.True(WorkerNotes(execution).GetProperty("timed_out").GetBoolean());
        var shell = await Scenario.ReadPidAsync($"slow-{enqueued.Id}.pid");
        Assert.False(HandlerProcesses.IsAlive(shell));
        Assert.True(execution.Outcome.RecordedAt - execution.StartedAt!.Value < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Exit_0_with_outcome_file_success_false_is_a_failure_the_file_wins()
    {
        var execution = await RunScriptAsync("""
            echo fine
            printf '%s' '{"success": false, "error": "the report was empty", "summary": "nothing to send"}' > "$BATON_OUTCOME_FILE"
            """);

        Assert.Equal("failed", execution.Status);
        Assert.False(execution.Outcome!.Success);
        Assert.Equal("the report was empty", execution.Outcome.Error);
        Assert.Equal("nothing to send", execution.Evidence?.Summary);
        Assert.Contains("wins over exit code 0", WorkerNotes(execution).GetProperty("outcome_conflict").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_zero_exit_with_outcome_file_success_true_is_a_failure_the_exit_wins_and_the_evidence_is_kept()
    {
        var execution = await RunScriptAsync("""
            printf '%s' '{"success": true, "external_id": "inv-42", "result_url": "https://example.com/inv/42", "result": "sent"}' > "$CUEAPI_OUTCOME_FILE"
            echo 'smtp refused' >&2
            exit 2
            """);

        Assert.Equal("failed", execution.Status);
        Assert.False(execution.Outcome!.Success);
        Assert.Equal("smtp refused", execution.Outcome.Error);
        Assert.Equal("sent", execution.Outcome.Result);
        Assert.Equal("inv-42", execution.Evidence?.ExternalId);
        Assert.Equal("https://example.com/inv/42", execution.Evidence?.ResultUrl);
        Assert.Contains("exit code 2 wins", WorkerNotes(execution).GetProperty("outcome_conflict").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outcome_file_evidence_and_metadata_are_reported_and_the_file_is_deleted()
    {
        var execution = await RunScriptAsync($$$"""
            echo "$BATON_OUTCOME_FILE" > "{{{Scenario.Dir}}}/$BATON_EXECUTION_ID.side"
            cat > "$BATON_OUTCOME_FILE" <<'JSON'
            {"success": true, "result": "3 invoices sent", "external_id": "batch-7", "result_url": "http://example.com/b/7",
             "result_ref": "s3://bucket/b7", "result_type": "invoice_batch", "summary": "Sent 3 invoices",
             "artifacts": [{"name": "log.txt"}], "metadata": {"count": 3}}
            JSON
            echo ignored-output
            """);

        Assert.Equal("success", execution.Status);
        Assert.Equal("3 invoices sent", execution.Outcome!.Result);
        var evidence = execution.Evidence!;
        Assert.Equal("batch-7", evidence.ExternalId);
        Assert.Equal("http://example.com/b/7", evidence.ResultUrl);
        Assert.Equal("s3://bucket/b7", evidence.ResultRef);
        Assert.Equal("invoice_batch", evidence.ResultType);
        Assert.Equal("Sent 3 invoices", evidence.Summary);
        Assert.Equal("log.txt", evidence.Artifacts!.Value[0].GetProperty("name").GetString());
        Assert.Equal(3, execution.Outcome.Metadata!.Value.GetProperty("count").GetInt32());
        Assert.False(WorkerNotes(execution).TryGetProperty("outcome_file_dropped_fields", out _));

        var outcomeFile = File.ReadAllText(SidePath(execution.Id)).Trim();
        Assert.StartsWith(Path.GetTempPath(), outcomeFile, StringComparison.Ordinal);
        Assert.False(File.Exists(outcomeFile), "the outcome file is deleted after the report");
    }

    [Fact]
    public async Task A_malformed_outcome_file_leaves_the_exit_code_to_decide_and_says_why()
    {
        var execution = await RunScriptAsync("""printf '{"success": false,' > "$BATON_OUTCOME_FILE"; echo done""");

        Assert.Equal("success", execution.Status);
        Assert.Equal("done", execution.Outcome!.Result);
        Assert.Contains("not valid JSON", WorkerNotes(execution).GetProperty("outcome_file_parse_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_value_that_is_not_an_object_is_malformed()
    {
        var execution = await RunScriptAsync("""echo '[{"success": true}]' > "$BATON_OUTCOME_FILE"; exit 1""");

        Assert.Equal("failed", execution.Status);
        Assert.Contains("one JSON object", WorkerNotes(execution).GetProperty("outcome_file_parse_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversize_outcome_file_leaves_the_exit_code_to_decide_and_says_why()
    {
        // Valid JSON, 10,241 bytes or more: one byte over the limit is enough to ignore it.
        var execution = await RunScriptAsync("""
            { printf '{"success": false, "summary": "'; i=0; while [ $i -lt 103 ]; do printf '%0100d' 0; i=$((i+1)); done; printf '"}'; } > "$BATON_OUTCOME_FILE"
            wc -c < "$BATON_OUTCOME_FILE"
            """);

        Assert.Equal("success", execution.Status);
        Assert.True(int.Parse(execution.Outcome!.Result!.Trim(), System.Globalization.CultureInfo.InvariantCulture) > 10 * 1024);
        Assert.Contains("larger than 10240 bytes", WorkerNotes(execution).GetProperty("outcome_file_parse_error").GetString(), StringComparison.Ordinal);
        Assert.Null(execution.Evidence?.Summary);
    }

    [Fact]
    public async Task An_outcome_file_that_is_not_UTF_8_leaves_the_exit_code_to_decide_and_says_why()
    {
        var execution = await RunScriptAsync("""printf '{"success": false, "error": "caf\351"}' > "$BATON_OUTCOME_FILE" """);

        Assert.Equal("success", execution.Status);
        Assert.Contains("not valid UTF-8", WorkerNotes(execution).GetProperty("outcome_file_parse_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_fields_are_dropped_one_by_one_and_listed()
    {
        var longId = new string('x', 501);
        var execution = await RunScriptAsync($$"""
            cat > "$BATON_OUTCOME_FILE" <<'JSON'
            {"success": true, "external_id": "{{longId}}", "result_url": "ftp://example.com/r", "summary": 42,
             "artifacts": "log.txt", "metadata": [1], "retryable": "no", "colour": "blue",
             "result_type": "report", "result_ref": "ok-ref"}
            JSON
            """);

        Assert.Equal("success", execution.Status);
        Assert.Equal("report", execution.Evidence?.ResultType);
        Assert.Equal("ok-ref", execution.Evidence?.ResultRef);
        Assert.Null(execution.Evidence?.ExternalId);
        Assert.Null(execution.Evidence?.ResultUrl);
        Assert.Null(execution.Evidence?.Summary);
        var dropped = WorkerNotes(execution).GetProperty("outcome_file_dropped_fields").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        Assert.Equal(["external_id", "result_url", "summary", "artifacts", "metadata", "retryable", "colour"], dropped);
    }

    [Fact]
    public async Task Env_values_fill_payload_placeholders_and_the_BATON_and_CUEAPI_variables_are_set()
    {
        var cue = await Scenario.Client.CreateCueAsync(new Baton.Contracts.Cues.CueRequest
        {
            Name = "nightly-report",
            Transport = "worker",
            Schedule = new Baton.Contracts.Cues.CueScheduleBody { Type = "on_demand" },
            Payload = JsonSerializer.SerializeToElement(new { task = "env", user = new { name = "Ada Lovelace", id = 7 } }),
        }, TestContext.Current.CancellationToken);
        var fired = await Scenario.Client.FireCueAsync(cue.Id, null, TestContext.Current.CancellationToken);
        var execution = await Scenario.WaitForEndAsync(fired.Id);
        Assert.Equal("success", execution.Status);

        var env = File.ReadAllLines(Path.Combine(Scenario.Dir, fired.Id + ".env"))
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
        Assert.Equal("Ada Lovelace", env["X_NAME"]);
        Assert.Equal("id=7", env["X_ID"]);
        Assert.Equal("[]", env["X_MISSING"]);
        Assert.Equal("""{"name":"Ada Lovelace","id":7}""", env["X_OBJECT"]);
        Assert.Equal("env", JsonDocument.Parse(env["X_WHOLE"]).RootElement.GetProperty("task").GetString());
        foreach (var prefix in (string[])["BATON_", "CUEAPI_"])
        {
            Assert.Equal(fired.Id.ToString(), env[prefix + "EXECUTION_ID"]);
            Assert.Equal(cue.Id, env[prefix + "CUE_ID"]);
            Assert.Equal("nightly-report", env[prefix + "CUE_NAME"]);
            Assert.Equal("outcomes", env[prefix + "WORKER_ID"]);
            Assert.Equal(Scenario.ApiKey, env[prefix + "API_KEY"]);
            Assert.Equal(Scenario.Url.AbsoluteUri.TrimEnd('/'), env[prefix + "BASE_URL"]);
            Assert.Equal("1", env[prefix + "ATTEMPT"]);
            Assert.Equal("", env[prefix + "RUN_ID"]);
            Assert.EndsWith(fired.Id + ".json", env[prefix + "OUTCOME_FILE"], StringComparison.Ordinal);
            Assert.Equal(7, JsonDocument.Parse(env[prefix + "PAYLOAD"]).RootElement.GetProperty("user").GetProperty("id").GetInt32());
        }

        Assert.Equal("env", env["BATON_TASK"]);
        Assert.False(string.IsNullOrEmpty(env["BATON_CLAIM_TOKEN"]));
        Assert.True(env.ContainsKey("PATH"), "the daemon's own environment is passed on");
    }

    [Fact]
    public async Task Run_id_and_title_reach_the_handler()
    {
        var enqueued = await Scenario.EnqueueAsync("env", new { user = new { name = "x" } }, title: "Weekly digest", runId: "run-77");
        var execution = await Scenario.WaitForEndAsync(enqueued.Id);
        Assert.Equal("success", execution.Status);
        var env = File.ReadAllText(Path.Combine(Scenario.Dir, enqueued.Id + ".env"));
        Assert.Contains("BATON_RUN_ID=run-77\n", env, StringComparison.Ordinal);
        Assert.Contains("CUEAPI_RUN_ID=run-77\n", env, StringComparison.Ordinal);
        Assert.Contains("BATON_CUE_NAME=Weekly digest\n", env, StringComparison.Ordinal);
        Assert.Contains("BATON_CUE_ID=\n", env, StringComparison.Ordinal);
    }

    private static JsonElement WorkerNotes(ExecutionResponse execution) =>
        execution.Outcome!.Metadata!.Value.GetProperty("_baton_worker");

    private string SidePath(Guid id) => Path.Combine(Scenario.Dir, id + ".side");

    private async Task<ExecutionResponse> RunScriptAsync(string script)
    {
        var enqueued = await Scenario.EnqueueAsync("script", new { script });
        return await Scenario.WaitForEndAsync(enqueued.Id);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Baton.Contracts.Executions;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace Baton.Mcp.Tests;

/// <summary>
/// Every tool end to end against a real server, through the SDK's MCP client. Runs once per transport: the stdio
/// server (<c>baton mcp</c> subprocess) and the server's own <c>/mcp</c> endpoint.
/// </summary>
public abstract class McpToolTests(BatonServerFixture server) : IAsyncLifetime
{
    private static readonly string[] AllTools =
    [
        "pull_task", "submit_result", "heartbeat_task", "release_task", "report_outcome", "enqueue_task", "cancel_job",
        "wait_for_job", "wait_for_run", "get_job_status", "list_jobs", "list_workers",
        "create_cue", "list_cues", "get_cue", "pause_cue", "resume_cue", "delete_cue", "fire_cue",
        "send_message", "check_inbox", "reply", "ack_message", "wait_for_reply",
    ];

    private McpClient? _agent;

    protected BatonServerFixture Server => server;

    /// <summary>The session most tests act through.</summary>
    protected McpClient Agent => _agent!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _agent = await ConnectAsync();

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null) await _agent.DisposeAsync();
    }

    /// <summary>A new MCP session over this class's transport.</summary>
    protected abstract Task<McpClient> ConnectAsync(string? workerId = null);

    [Fact]
    public async Task Tools_list_has_every_tool_with_a_description_and_an_object_schema_of_snake_case_arguments()
    {
        var tools = await Agent.ListToolsAsync(cancellationToken: Ct);

        Assert.Equal(AllTools.Order(), tools.Select(t => t.Name).Order());
        foreach (var tool in tools)
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), tool.Name);
            var schema = tool.JsonSchema;
            Assert.Equal("object", schema.GetProperty("type").GetString());
            foreach (var property in schema.GetProperty("properties").EnumerateObject())
            {
                Assert.Equal(property.Name.ToLowerInvariant(), property.Name);
            }
        }

        var pull = tools.Single(t => t.Name == "pull_task").JsonSchema.GetProperty("properties");
        Assert.Equal(
            ["agent", "lease_seconds", "queue", "run_id", "tags", "task", "wait_seconds"],
            pull.EnumerateObject().Select(p => p.Name).Order());
        var submitRequired = tools.Single(t => t.Name == "submit_result").JsonSchema.GetProperty("required");
        Assert.Equal(["claim_token", "execution_id", "success"], submitRequired.EnumerateArray().Select(r => r.GetString()).Order());
    }

    [Fact]
    public async Task Pull_task_scoped_to_a_run_gets_that_runs_oldest_task_and_never_another_runs()
    {
        var (r1, r2) = (NewRun("r1"), NewRun("r2"));
        for (var i = 0; i < 3; i++) await EnqueueAsync(r1, $"r1 task {i}");
        var first = await EnqueueAsync(r2, "r2 oldest");
        var second = await EnqueueAsync(r2, "r2 newer");

        var pulled = await Agent.CallOkAsync("pull_task", new() { ["run_id"] = r2 });
        var next = await Agent.CallOkAsync("pull_task", new() { ["run_id"] = r2 });
        var none = await Agent.CallOkAsync("pull_task", new() { ["run_id"] = r2 });

        Assert.Equal(first.Id.ToString("D"), pulled.Str("execution_id"));
        Assert.Equal(r2, pulled.Str("run_id"));
        Assert.Equal("r2 oldest", pulled.Str("title"));
        Assert.Equal(second.Id.ToString("D"), next.Str("execution_id"));
        Assert.False(none.GetProperty("task_available").GetBoolean());
        var r1Jobs = await Server.Client.ListExecutionsAsync(new() { RunId = r1 }, Ct);
        Assert.Equal(3, r1Jobs.Counts.Pending);
    }

    [Fact]
    public async Task Pull_task_returns_the_instructions_payload_claim_token_and_lease_of_the_task()
    {
        var run = NewRun("details");
        using var payload = JsonDocument.Parse("""{"instructions": "Fix the flaky test", "repo": "baton"}""");
        var enqueued = await Server.Client.EnqueueAsync(new EnqueueExecutionRequest
        {
            Task = "fix",
            Title = "Fix it",
            RunId = run,
            Payload = payload.RootElement,
            Tags = ["ci"],
        }, Ct);

        var pulled = await Agent.CallOkAsync("pull_task", new() { ["run_id"] = run, ["task"] = "fix", ["tags"] = new[] { "ci" }, ["lease_seconds"] = 120 });

        Assert.True(pulled.GetProperty("task_available").GetBoolean());
        Assert.Equal(enqueued.Execution.Id.ToString("D"), pulled.Str("execution_id"));
        Assert.Equal("Fix the flaky test", pulled.Str("instructions"));
        Assert.Equal("baton", pulled.GetProperty("payload").Str("repo"));
        Assert.Equal("fix", pulled.Str("task"));
        Assert.Equal(1, pulled.GetProperty("attempt").GetInt32());
        Assert.False(string.IsNullOrEmpty(pulled.Str("claim_token")));
        var expires = DateTimeOffset.Parse(pulled.Str("lease_expires_at"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(121));
        var stored = await Server.Client.GetExecutionAsync(enqueued.Execution.Id, Ct);
        Assert.Equal("delivering", stored.Status);
        Assert.Equal(pulled.Str("worker_id"), stored.ClaimedByWorker);
    }

    [Fact]
    public async Task Pull_task_with_wait_seconds_returns_soon_after_a_task_is_enqueued_into_its_run_and_ignores_other_runs()
    {
        var (other, mine) = (NewRun("other"), NewRun("mine"));
        var pulling = Agent.CallOkAsync("pull_task", new() { ["run_id"] = mine, ["wait_seconds"] = 30 });
        await Task.Delay(500, Ct);
        await EnqueueAsync(other, "not for this agent");
        await Task.Delay(300, Ct);
        Assert.False(pulling.IsCompleted, "pull_task answered before anything was enqueued into its run");

        var clock = Stopwatch.StartNew();
        var enqueued = await EnqueueAsync(mine, "for this agent");
        var pulled = await pulling;

        Assert.Equal(enqueued.Id.ToString("D"), pulled.Str("execution_id"));
        // Typically milliseconds; the bound only has to separate a wake-up from the 30 s wait on a loaded machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"pull_task took {clock.Elapsed} after the enqueue");
    }

    [Fact]
    public async Task Wait_for_job_in_one_session_returns_promptly_when_another_session_submits_the_result()
    {
        var run = NewRun("handoff");
        await using var worker = await ConnectAsync("second-agent");
        var enqueued = await Agent.CallOkAsync("enqueue_task", new() { ["task"] = "review", ["run_id"] = run, ["title"] = "Review PR" });
        var id = enqueued.Str("execution_id");

        var waiting = Agent.CallOkAsync("wait_for_job", new() { ["execution_id"] = id, ["timeout_seconds"] = 60 });
        var pulled = await worker.CallOkAsync("pull_task", new() { ["run_id"] = run });
        Assert.Equal(id, pulled.Str("execution_id"));
        Assert.Equal("second-agent", pulled.Str("worker_id"));
        await Task.Delay(300, Ct);
        Assert.False(waiting.IsCompleted, "wait_for_job answered before the result was submitted");

        var clock = Stopwatch.StartNew();
        await worker.CallOkAsync("submit_result", new()
        {
            ["execution_id"] = id,
            ["claim_token"] = pulled.Str("claim_token"),
            ["success"] = true,
            ["summary"] = "Looks good",
            ["external_id"] = "PR-42",
            ["result_url"] = "https://example.com/pr/42",
        });
        var waited = await waiting;

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"wait_for_job took {clock.Elapsed} after the submit");
        Assert.True(waited.GetProperty("done").GetBoolean());
        Assert.False(waited.GetProperty("timed_out").GetBoolean());
        Assert.Equal("success", waited.Str("status"));
        var evidence = waited.GetProperty("execution").GetProperty("evidence");
        Assert.Equal("PR-42", evidence.Str("external_id"));
        Assert.Equal("Looks good", evidence.Str("summary"));
    }

    [Fact]
    public async Task A_second_submit_result_is_outcome_already_recorded_and_a_stale_claim_token_is_claim_lost()
    {
        var run = NewRun("write-once");
        var once = await EnqueueAsync(run, "once");
        var pulled = await Agent.CallOkAsync("pull_task", new() { ["run_id"] = run });
        Dictionary<string, object?> result = new()
        {
            ["execution_id"] = pulled.Str("execution_id"),
            ["claim_token"] = pulled.Str("claim_token"),
            ["success"] = true,
            ["result"] = "done",
        };

        var recorded = await Agent.CallOkAsync("submit_result", result);
        var (secondCode, _) = await Agent.CallFailingAsync("submit_result", result);

        Assert.Equal(once.Id.ToString("D"), recorded.Str("execution_id"));
        Assert.Equal("success", recorded.Str("status"));
        Assert.Equal("outcome_already_recorded", secondCode);

        await EnqueueAsync(run, "twice claimed");
        var stale = await Agent.CallOkAsync("pull_task", new() { ["run_id"] = run });
        await Agent.CallOkAsync("release_task", new() { ["execution_id"] = stale.Str("execution_id"), ["claim_token"] = stale.Str("claim_token") });
        var fresh = await Agent.CallOkAsync("pull_task", new() { ["run_id"] = run });
        Assert.Equal(stale.Str("execution_id"), fresh.Str("execution_id"));

        var (staleCode, _) = await Agent.CallFailingAsync("submit_result", new()
        {
            ["execution_id"] = stale.Str("execution_id"),
            ["claim_token"] = stale.Str("claim_token"),
            ["success"] = true,
        });
        var (heartbeatCode, _) = await Agent.CallFailingAsync("heartbeat_task", new()
        {
            ["execution_id"] = stale.Str("execution_id"),
            ["claim_token"] = stale.Str("claim_token"),
        });

        Assert.Equal("claim_lost", staleCode);
        Assert.Equal("claim_lost", heartbeatCode);
        Assert.Equal("delivering", (await Server.Client.GetExecutionAsync(Guid.Parse(fresh.Str("execution_id")), Ct)).Status);
    }

    [Fact]
    public async Task Heartbeat_task_extends_the_lease_with_progress_and_release_task_puts_the_task_back_unspent()
    {
        var run = NewRun("lease");
        var enqueued = await EnqueueAsync(run, "long job");
        var pulled = await Agent.CallOkAsync("pull_task", new() { ["run_id"] = run, ["lease_seconds"] = 30 });
        var claim = new Dictionary<string, object?> { ["execution_id"] = pulled.Str("execution_id"), ["claim_token"] = pulled.Str("claim_token") };

        var beat = await Agent.CallOkAsync("heartbeat_task", new(claim) { ["lease_seconds"] = 600, ["progress"] = new { step = 2, of = 5 } });
        var afterBeat = await Server.Client.GetExecutionAsync(enqueued.Id, Ct);
        var released = await Agent.CallOkAsync("release_task", claim);
        var status = await Agent.CallOkAsync("get_job_status", new() { ["execution_id"] = enqueued.Id.ToString("D") });

        Assert.True(beat.GetProperty("acknowledged").GetBoolean());
        Assert.InRange(afterBeat.LeaseExpiresAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(500), TimeSpan.FromSeconds(601));
        Assert.Equal(2, afterBeat.Progress!.Value.GetProperty("step").GetInt32());
        Assert.Equal("pending", released.GetProperty("execution").Str("status"));
        Assert.Equal("pending", status.GetProperty("execution").Str("status"));
        Assert.Equal(0, status.GetProperty("execution").GetProperty("attempts").GetInt32());
        Assert.False(status.GetProperty("done").GetBoolean());
    }

    [Fact]
    public async Task Enqueue_task_list_jobs_get_job_status_and_cancel_job_work_end_to_end()
    {
        var run = NewRun("orchestrate");
        var enqueued = await Agent.CallOkAsync("enqueue_task", new()
        {
            ["task"] = "implement",
            ["title"] = "Add a flag",
            ["payload"] = new { instructions = "Add --verbose" },
            ["priority"] = 5,
            ["queue"] = "agents",
            ["run_id"] = run,
            ["tags"] = new[] { "cli" },
            ["idempotency_key"] = run,
        });
        var repeated = await Agent.CallOkAsync("enqueue_task", new()
        {
            ["task"] = "implement",
            ["title"] = "Add a flag",
            ["payload"] = new { instructions = "Add --verbose" },
            ["priority"] = 5,
            ["queue"] = "agents",
            ["run_id"] = run,
            ["tags"] = new[] { "cli" },
            ["idempotency_key"] = run,
        });
        var later = await Agent.CallOkAsync("enqueue_task", new() { ["task"] = "docs", ["run_id"] = run, ["send_at"] = "2099-01-01T00:00:00Z" });
        var id = enqueued.Str("execution_id");

        Assert.True(enqueued.GetProperty("created").GetBoolean());
        Assert.False(repeated.GetProperty("created").GetBoolean());
        Assert.Equal(id, repeated.Str("execution_id"));
        var execution = enqueued.GetProperty("execution");
        Assert.Equal(("implement", "agents", 5, run), (execution.Str("task"), execution.Str("queue"), execution.GetProperty("priority").GetInt32(), execution.Str("run_id")));
        Assert.Equal("Add --verbose", execution.GetProperty("payload").Str("instructions"));
        Assert.StartsWith("2099-01-01", later.GetProperty("execution").Str("scheduled_for"), StringComparison.Ordinal);

        var cancelled = await Agent.CallOkAsync("cancel_job", new() { ["execution_id"] = id, ["reason"] = "not needed" });
        var (againCode, _) = await Agent.CallFailingAsync("cancel_job", new() { ["execution_id"] = id });
        var status = await Agent.CallOkAsync("get_job_status", new() { ["execution_id"] = id });
        var listed = await Agent.CallOkAsync("list_jobs", new() { ["run_id"] = run, ["status"] = "pending,cancelled", ["limit"] = 10 });
        var onlyPending = await Agent.CallOkAsync("list_jobs", new() { ["run_id"] = run, ["status"] = "pending" });

        Assert.Equal("cancelled", cancelled.GetProperty("execution").Str("status"));
        Assert.Equal("not needed", cancelled.GetProperty("execution").Str("cancel_reason"));
        Assert.Equal("execution_terminal", againCode);
        Assert.True(status.GetProperty("done").GetBoolean());
        Assert.Equal(2, listed.GetProperty("total").GetInt64());
        Assert.Equal(2, listed.GetProperty("jobs").GetArrayLength());
        Assert.Equal((1, 1), (listed.GetProperty("counts").GetProperty("pending").GetInt32(), listed.GetProperty("counts").GetProperty("cancelled").GetInt32()));
        Assert.Equal(later.Str("execution_id"), Assert.Single(onlyPending.GetProperty("jobs").EnumerateArray()).Str("id"));
    }

    [Fact]
    public async Task Wait_for_run_reports_progress_and_times_out_with_counts_then_returns_done_once_every_task_finished()
    {
        var run = NewRun("whole-run");
        var a = await EnqueueAsync(run, "a");
        await EnqueueAsync(run, "b");
        var pulled = await Agent.CallOkAsync("pull_task", new() { ["run_id"] = run });
        await Agent.CallOkAsync("submit_result", new() { ["execution_id"] = pulled.Str("execution_id"), ["claim_token"] = pulled.Str("claim_token"), ["success"] = true });

        var notes = new ConcurrentQueue<ProgressNotificationValue>();
        var timedOut = await Agent.CallOkAsync("wait_for_run", new() { ["run_id"] = run, ["timeout_seconds"] = 6 }, new SynchronousProgress(notes.Enqueue));

        Assert.True(timedOut.GetProperty("timed_out").GetBoolean());
        Assert.False(timedOut.GetProperty("done").GetBoolean());
        Assert.Equal(2, timedOut.GetProperty("run").GetProperty("total").GetInt32());
        Assert.Equal(1, timedOut.GetProperty("run").GetProperty("counts").GetProperty("success").GetInt32());
        var note = Assert.Single(notes);
        Assert.Equal((1f, 2f), (note.Progress, note.Total));
        Assert.Contains(run, note.Message, StringComparison.Ordinal);

        var waiting = Agent.CallOkAsync("wait_for_run", new() { ["run_id"] = run, ["timeout_seconds"] = 60 });
        var last = await Server.Client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "plain-worker", RunId = run }, Ct);
        Assert.NotEqual(a.Id, last.ExecutionId);
        await Server.Client.RecordOutcomeAsync(last.ExecutionId, new RecordOutcomeRequest { Success = false, Retryable = false, Error = "broke" }, ct: Ct);
        var done = await waiting;

        Assert.True(done.GetProperty("done").GetBoolean());
        Assert.False(done.GetProperty("timed_out").GetBoolean());
        Assert.Equal(1, done.GetProperty("run").GetProperty("counts").GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task Wait_for_job_times_out_with_the_current_state_when_nothing_finishes()
    {
        var pending = await EnqueueAsync(NewRun("slow"), "nobody pulls this");

        var waited = await Agent.CallOkAsync("wait_for_job", new() { ["execution_id"] = pending.Id.ToString("D"), ["timeout_seconds"] = 1 });

        Assert.True(waited.GetProperty("timed_out").GetBoolean());
        Assert.Equal("pending", waited.Str("status"));
    }

    [Fact]
    public async Task Report_outcome_records_an_identity_less_outcome_and_list_workers_answers()
    {
        var run = NewRun("report");
        await EnqueueAsync(run, "reported by the owner");
        var pulled = await Agent.CallOkAsync("pull_task", new() { ["run_id"] = run });

        var reported = await Agent.CallOkAsync("report_outcome", new()
        {
            ["execution_id"] = pulled.Str("execution_id"),
            ["success"] = false,
            ["error"] = "no disk",
            ["metadata"] = new { host = "a" },
        });
        var workers = await Agent.CallOkAsync("list_workers", []);

        Assert.Equal("retrying", reported.Str("status"));
        Assert.Equal("reported_failure", reported.Str("outcome_state"));
        Assert.Equal(JsonValueKind.Array, workers.GetProperty("workers").ValueKind);
    }

    [Fact]
    public async Task Api_errors_are_tool_errors_carrying_the_api_code()
    {
        var (code, message) = await Agent.CallFailingAsync("get_job_status", new() { ["execution_id"] = Guid.NewGuid().ToString("D") });

        Assert.Equal("execution_not_found", code);
        Assert.False(string.IsNullOrWhiteSpace(message));
    }

    /// <summary>Tool, arguments, and the argument the error must name.</summary>
    private static readonly (string Tool, string Arguments, string Argument)[] BadArguments =
    [
        ("get_job_status", """{}""", "execution_id"),
        ("submit_result", """{"execution_id": "0193a5f2-0000-7000-8000-000000000000", "claim_token": "t"}""", "success"),
        ("pull_task", """{"lease_seconds": "soon"}""", "lease_seconds"),
        ("pull_task", """{"tags": "ci"}""", "tags"),
        ("pull_task", """{"tags": ["ci", 7]}""", "tags"),
        ("pull_task", """{"wait_seconds": 61}""", "wait_seconds"),
        ("submit_result", """{"execution_id": "0193a5f2-0000-7000-8000-000000000000", "claim_token": "t", "success": "yes"}""", "success"),
        ("get_job_status", """{"execution_id": "not-a-uuid"}""", "execution_id"),
        ("get_job_status", """{"execution_id": 12}""", "execution_id"),
        ("enqueue_task", """{"task": "x", "payload": [1, 2]}""", "payload"),
        ("enqueue_task", """{"task": "x", "send_at": "tomorrow"}""", "send_at"),
        ("wait_for_job", """{"execution_id": "0193a5f2-0000-7000-8000-000000000000", "timeout_seconds": 601}""", "timeout_seconds"),
        ("list_jobs", """{"run": "r1"}""", "run"),
        ("fire_cue", """{"cue_id": "cue_abc", "merge_strategy": "mix"}""", "merge_strategy"),
    ];

    [Fact]
    public async Task Bad_arguments_are_tool_errors_naming_the_argument_and_the_server_keeps_serving()
    {
        foreach (var (tool, arguments, argument) in BadArguments)
        {
            var parsed = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments)!
                .ToDictionary(kv => kv.Key, kv => (object?)kv.Value);

            var (code, message) = await Agent.CallFailingAsync(tool, parsed);

            Assert.True(code == "invalid_argument", $"{tool} {arguments}: {code}");
            Assert.True(message.Contains($"'{argument}", StringComparison.Ordinal), $"{tool} {arguments}: {message}");
        }

        var stillServing = await Agent.CallOkAsync("list_jobs", new() { ["limit"] = 1 });
        Assert.True(stillServing.TryGetProperty("counts", out _));
    }

    [Fact]
    public async Task A_configured_worker_id_is_the_claimer_of_pulled_tasks_and_stays_for_the_session()
    {
        var run = NewRun("identity");
        await EnqueueAsync(run, "one");
        await EnqueueAsync(run, "two");
        await using var named = await ConnectAsync("agent-smith");

        var first = await named.CallOkAsync("pull_task", new() { ["run_id"] = run });
        var second = await named.CallOkAsync("pull_task", new() { ["run_id"] = run });

        Assert.Equal("agent-smith", first.Str("worker_id"));
        Assert.Equal("agent-smith", (await Server.Client.GetExecutionAsync(Guid.Parse(second.Str("execution_id")), Ct)).ClaimedByWorker);
    }

    [Fact]
    public async Task A_task_pulled_in_one_session_can_be_heartbeated_and_submitted_from_a_reconnected_session_with_its_token()
    {
        var run = NewRun("reconnect");
        await EnqueueAsync(run, "survives");
        var pulled = await Agent.CallOkAsync("pull_task", new() { ["run_id"] = run });
        await using var reconnected = await ConnectAsync();
        var claim = new Dictionary<string, object?> { ["execution_id"] = pulled.Str("execution_id"), ["claim_token"] = pulled.Str("claim_token") };

        var beat = await reconnected.CallOkAsync("heartbeat_task", claim);
        var submitted = await reconnected.CallOkAsync("submit_result", new(claim) { ["success"] = true });

        Assert.True(beat.GetProperty("acknowledged").GetBoolean());
        Assert.Equal("success", submitted.Str("status"));
    }

    [Fact]
    public async Task Cue_tools_create_list_pause_resume_fire_and_delete_a_worker_cue()
    {
        var name = $"nightly-{Guid.NewGuid():N}";
        var created = await Agent.CallOkAsync("create_cue", new()
        {
            ["name"] = name,
            ["cron"] = "0 3 * * *",
            ["timezone"] = "Europe/Berlin",
            ["worker"] = true,
            ["payload"] = new { instructions = "Triage new issues", team = "core" },
            ["description"] = "Nightly triage",
        });
        var id = created.Str("id");

        var listed = await Agent.CallOkAsync("list_cues", new() { ["limit"] = 100 });
        var paused = await Agent.CallOkAsync("pause_cue", new() { ["cue_id"] = id });
        var resumed = await Agent.CallOkAsync("resume_cue", new() { ["cue_id"] = id });
        var fired = await Agent.CallOkAsync("fire_cue", new() { ["cue_id"] = id, ["payload_override"] = new { team = "web" }, ["merge_strategy"] = "merge" });
        var execution = await Agent.CallOkAsync("get_job_status", new() { ["execution_id"] = fired.Str("execution_id") });
        var fetched = await Agent.CallOkAsync("get_cue", new() { ["cue_id"] = id });
        await Agent.CallOkAsync("delete_cue", new() { ["cue_id"] = id });
        var (goneCode, _) = await Agent.CallFailingAsync("get_cue", new() { ["cue_id"] = id });
        var (bothCode, bothMessage) = await Agent.CallFailingAsync("create_cue", new() { ["name"] = name + "-x", ["cron"] = "0 3 * * *", ["at"] = "2099-01-01T00:00:00Z" });

        Assert.Equal(("worker", "recurring", "Europe/Berlin"), (created.Str("transport"), created.GetProperty("schedule").Str("type"), created.GetProperty("schedule").Str("timezone")));
        Assert.Contains(listed.GetProperty("cues").EnumerateArray(), c => c.Str("id") == id);
        Assert.Equal("paused", paused.Str("status"));
        Assert.Equal("active", resumed.Str("status"));
        Assert.Equal(id, fired.Str("cue_id"));
        var payload = execution.GetProperty("execution").GetProperty("payload");
        Assert.Equal(("Triage new issues", "web"), (payload.Str("instructions"), payload.Str("team")));
        Assert.Equal(name, fetched.Str("name"));
        Assert.Equal("cue_not_found", goneCode);
        Assert.Equal("invalid_argument", bothCode);
        Assert.Contains("'at'", bothMessage, StringComparison.Ordinal);
    }

    private static string NewRun(string name) => $"{name}-{Guid.NewGuid():N}";

    private async Task<ExecutionResponse> EnqueueAsync(string runId, string title) =>
        (await Server.Client.EnqueueAsync(new EnqueueExecutionRequest { Task = "work", Title = title, RunId = runId }, Ct)).Execution;

    /// <summary>Reports on the caller's thread, so a notification that arrived before the call returned is already counted.</summary>
    private sealed class SynchronousProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}

using System.Text.Json;
using Baton.Contracts.Executions;

namespace Baton.Cli.Tests;

/// <summary>The task commands, run as the real <c>baton</c> process against a real server, in text and JSON mode.</summary>
public sealed class TaskCommandTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enqueue_in_text_mode_prints_the_new_id_and_the_server_has_the_task_with_every_option()
    {
        var (key, client) = await server.NewTenantAsync();

        var result = await server.RunAsync(key, "enqueue", "Summarise the log", "--task", "summarise", "--payload", """{"url":"x"}""",
            "--priority", "5", "--queue", "fast", "--run-id", "r-1", "--tags", "a,b", "--ttl", "600", "--max-attempts", "4",
            "--send-at", "+0s", "--agent", "claude");

        Assert.Equal(0, result.ExitCode);
        var listed = Assert.Single((await client.ListExecutionsAsync(ct: Ct)).Executions);
        Assert.Contains(listed.Id.ToString(), result.Stdout);
        Assert.Equal(("Summarise the log", "summarise", "fast", 5, "r-1", 4, "claude"),
            (listed.Title, listed.Task, listed.Queue, listed.Priority, listed.RunId, listed.MaxAttempts, listed.Agent));
        Assert.Equal(["a", "b"], listed.Tags);
        Assert.Equal("x", listed.Payload.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Enqueue_in_json_mode_prints_one_envelope_with_the_execution()
    {
        var (key, _) = await server.NewTenantAsync();

        var result = await server.RunAsync(key, "enqueue", "t", "--task", "x", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        AssertEnvelope(json, exitCode: 0);
        Assert.True(json.GetProperty("created").GetBoolean());
        Assert.Equal("pending", json.GetProperty("execution").GetProperty("status").GetString());
        Assert.Equal("x", json.GetProperty("execution").GetProperty("task").GetString());
    }

    [Fact]
    public async Task Enqueue_with_a_repeated_idempotency_key_returns_the_first_task_with_a_warning()
    {
        var (key, _) = await server.NewTenantAsync();
        var first = (await server.RunAsync(key, "enqueue", "--task", "x", "--idempotency-key", "k1", "--json")).Json();

        var second = (await server.RunAsync(key, "enqueue", "--task", "x", "--idempotency-key", "k1", "--json")).Json();

        Assert.False(second.GetProperty("created").GetBoolean());
        Assert.Equal(first.GetProperty("execution").GetProperty("id").GetString(), second.GetProperty("execution").GetProperty("id").GetString());
        Assert.Contains("idempotency key", Assert.Single(second.GetProperty("warnings").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Quiet_enqueue_prints_only_the_id()
    {
        var (key, _) = await server.NewTenantAsync();

        var result = await server.RunAsync(key, "enqueue", "--task", "x", "--quiet");

        Assert.Equal(0, result.ExitCode);
        Assert.True(Guid.TryParse(result.Stdout.Trim(), out _), result.ToString());
    }

    [Fact]
    public async Task Claim_in_text_mode_prints_the_execution_and_its_claim_token()
    {
        var (key, client) = await server.NewTenantAsync();
        var id = await EnqueueAsync(client, "x");

        var result = await server.RunAsync(key, "claim", "--worker-id", "w1", "--task", "x", "--lease", "60");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(id.ToString(), result.Stdout);
        Assert.Matches("claim token: [0-9a-f]{32}", result.Stdout);
        Assert.Equal("w1", (await client.GetExecutionAsync(id, Ct)).ClaimedByWorker);
    }

    [Fact]
    public async Task Claim_in_json_mode_carries_the_claim_token_and_claims_up_to_the_limit()
    {
        var (key, client) = await server.NewTenantAsync();
        await EnqueueAsync(client, "x");
        await EnqueueAsync(client, "x");

        var json = (await server.RunAsync(key, "claim", "--worker-id", "w1", "--run-id", "none", "--json")).Json();
        var both = (await server.RunAsync(key, "claim", "--worker-id", "w1", "--task", "x", "--limit", "5", "--json")).Json();

        Assert.Equal("empty", json.GetProperty("status").GetString());
        AssertEnvelope(both, exitCode: 0);
        Assert.Equal("claimed", both.GetProperty("status").GetString());
        Assert.Equal(32, both.GetProperty("claim_token").GetString()!.Length);
        Assert.Equal(2, both.GetProperty("executions").GetArrayLength());
    }

    [Fact]
    public async Task Claim_on_an_empty_queue_exits_1_with_status_empty_in_both_modes()
    {
        var (key, _) = await server.NewTenantAsync();

        var text = await server.RunAsync(key, "claim", "--worker-id", "w1");
        var json = await server.RunAsync(key, "claim", "--worker-id", "w1", "--json");

        Assert.Equal(1, text.ExitCode);
        Assert.Contains("Nothing to claim", text.Stdout);
        Assert.Equal(1, json.ExitCode);
        AssertEnvelope(json.Json(), exitCode: 1);
        Assert.Equal("empty", json.Json().GetProperty("status").GetString());
    }

    [Fact]
    public async Task Heartbeat_extends_the_lease_and_records_progress_in_text_and_json()
    {
        var (key, client) = await server.NewTenantAsync();
        var (id, token) = await EnqueueAndClaimAsync(client);

        var text = await server.RunAsync(key, "heartbeat", id.ToString(), "--worker-id", "w1", "--claim-token", token, "--progress", """{"percent":50}""");
        var json = await server.RunAsync(key, "heartbeat", id.ToString(), "--worker-id", "w1", "--lease", "120", "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("extended until", text.Stdout);
        AssertEnvelope(json.Json(), exitCode: 0);
        Assert.True(json.Json().GetProperty("heartbeat").GetProperty("acknowledged").GetBoolean());
        Assert.Equal(50, (await client.GetExecutionAsync(id, Ct)).Progress!.Value.GetProperty("percent").GetInt32());
    }

    [Fact]
    public async Task Heartbeat_as_another_worker_is_refused_with_exit_1_and_the_server_message_on_stderr()
    {
        var (key, client) = await server.NewTenantAsync();
        var (id, _) = await EnqueueAndClaimAsync(client);

        var result = await server.RunAsync(key, "heartbeat", id.ToString(), "--worker-id", "someone-else");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not_execution_owner", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task Complete_records_success_with_evidence_and_show_prints_outcome_evidence_and_timeline()
    {
        var (key, client) = await server.NewTenantAsync();
        var (id, token) = await EnqueueAndClaimAsync(client);

        var complete = await server.RunAsync(key, "complete", id.ToString(), "--worker-id", "w1", "--claim-token", token,
            "--result", "3 warnings", "--external-id", "PR-7", "--result-url", "https://example.com/r", "--summary", "Summarised",
            "--artifact", "out.txt", "--artifact", "log.txt", "--metadata", """{"model":"small"}""", "--result-type", "report", "--result-ref", "abc");
        var show = await server.RunAsync(key, "show", id.ToString());

        Assert.Equal(0, complete.ExitCode);
        Assert.Contains("Recorded success", complete.Stdout);
        Assert.Equal(0, show.ExitCode);
        foreach (var expected in new[] { "success", "3 warnings", "PR-7", "https://example.com/r", "Summarised", "out.txt", "execution.claimed", "execution.succeeded" })
        {
            Assert.Contains(expected, show.Stdout);
        }

        var execution = await client.GetExecutionAsync(id, Ct);
        Assert.Equal(("PR-7", "report", "abc"), (execution.Evidence!.ExternalId, execution.Evidence.ResultType, execution.Evidence.ResultRef));
        Assert.Equal(2, execution.Evidence.Artifacts!.Value.GetArrayLength());
    }

    [Fact]
    public async Task Complete_and_show_in_json_mode_carry_the_outcome_and_the_timeline()
    {
        var (key, client) = await server.NewTenantAsync();
        var (id, _) = await EnqueueAndClaimAsync(client);

        var complete = (await server.RunAsync(key, "complete", id.ToString(), "--worker-id", "w1", "--json")).Json();
        var show = (await server.RunAsync(key, "show", id.ToString(), "--json")).Json();

        AssertEnvelope(complete, exitCode: 0);
        Assert.Equal("success", complete.GetProperty("outcome").GetProperty("status").GetString());
        AssertEnvelope(show, exitCode: 0);
        Assert.Equal("success", show.GetProperty("execution").GetProperty("status").GetString());
        Assert.Contains(show.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "execution.succeeded");
    }

    [Fact]
    public async Task Completing_twice_is_a_conflict_with_exit_1_and_the_error_code_in_the_envelope()
    {
        var (key, client) = await server.NewTenantAsync();
        var (id, _) = await EnqueueAndClaimAsync(client);
        await server.RunAsync(key, "complete", id.ToString(), "--worker-id", "w1");

        var again = await server.RunAsync(key, "complete", id.ToString(), "--worker-id", "w1", "--json");

        Assert.Equal(1, again.ExitCode);
        AssertEnvelope(again.Json(), exitCode: 1);
        Assert.Equal("outcome_already_recorded", again.Json().GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(again.Json().GetProperty("error").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Fail_with_attempts_left_retries_and_fail_no_retry_is_final_so_wait_exits_1()
    {
        var (key, client) = await server.NewTenantAsync();
        var (id, _) = await EnqueueAndClaimAsync(client);

        var fail = await server.RunAsync(key, "fail", id.ToString(), "--worker-id", "w1", "--error", "disk full", "--no-retry");
        var wait = await server.RunAsync(key, "wait", id.ToString(), "--timeout", "5");
        var waitJson = (await server.RunAsync(key, "wait", id.ToString(), "--json")).Json();

        Assert.Equal(0, fail.ExitCode);
        Assert.Contains("failed", fail.Stdout);
        Assert.Equal(1, wait.ExitCode);
        Assert.Contains("disk full", wait.Stdout);
        AssertEnvelope(waitJson, exitCode: 1);
        Assert.Equal("failed", waitJson.GetProperty("status").GetString());

        var (retried, _) = await EnqueueAndClaimAsync(client);
        var retry = (await server.RunAsync(key, "fail", retried.ToString(), "--worker-id", "w1", "--error", "flaky", "--json")).Json();
        Assert.Equal("retrying", retry.GetProperty("outcome").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Wait_exits_0_when_the_task_succeeds_while_waiting_and_4_when_the_timeout_passes_first()
    {
        var (key, client) = await server.NewTenantAsync();
        var (id, _) = await EnqueueAndClaimAsync(client);

        var timedOut = await server.RunAsync(key, "wait", id.ToString(), "--timeout", "1", "--json");
        var waiting = server.RunAsync(key, "wait", id.ToString(), "--timeout", "30");
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        await client.RecordOutcomeAsync(id, new RecordOutcomeRequest { Success = true, Result = "done" }, "w1", ct: Ct);
        var finished = await waiting;

        Assert.Equal(4, timedOut.ExitCode);
        AssertEnvelope(timedOut.Json(), exitCode: 4);
        Assert.True(timedOut.Json().GetProperty("timed_out").GetBoolean());
        Assert.Equal(0, finished.ExitCode);
        Assert.Contains("success", finished.Stdout);
    }

    [Fact]
    public async Task Release_puts_the_task_back_to_pending_without_using_an_attempt()
    {
        var (key, client) = await server.NewTenantAsync();
        var (id, _) = await EnqueueAndClaimAsync(client);

        var text = await server.RunAsync(key, "release", id.ToString(), "--worker-id", "w1");
        await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w1" }, Ct);
        var json = (await server.RunAsync(key, "release", id.ToString(), "--worker-id", "w1", "--json")).Json();

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Released", text.Stdout);
        AssertEnvelope(json, exitCode: 0);
        Assert.Equal("pending", json.GetProperty("execution").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_needs_force_for_a_claimed_task_and_replay_makes_a_new_task_from_it()
    {
        var (key, client) = await server.NewTenantAsync();
        var (id, _) = await EnqueueAndClaimAsync(client);

        var refused = await server.RunAsync(key, "cancel", id.ToString());
        var cancelled = await server.RunAsync(key, "cancel", id.ToString(), "--force", "--reason", "not needed");
        var replayed = (await server.RunAsync(key, "replay", id.ToString(), "--json")).Json();
        var replayText = await server.RunAsync(key, "replay", id.ToString());
        var cancelJson = (await server.RunAsync(key, "cancel", replayed.GetProperty("execution").GetProperty("id").GetString()!, "--json")).Json();

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(0, cancelled.ExitCode);
        Assert.Equal("not needed", (await client.GetExecutionAsync(id, Ct)).CancelReason);
        AssertEnvelope(replayed, exitCode: 0);
        Assert.Equal(id.ToString(), replayed.GetProperty("execution").GetProperty("replayed_from").GetString());
        Assert.Equal(0, replayText.ExitCode);
        Assert.Contains("Replayed as", replayText.Stdout);
        Assert.Equal("cancelled", cancelJson.GetProperty("execution").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Show_of_an_unknown_task_exits_1_with_execution_not_found()
    {
        var (key, _) = await server.NewTenantAsync();

        var text = await server.RunAsync(key, "show", Guid.NewGuid().ToString());
        var json = await server.RunAsync(key, "show", Guid.NewGuid().ToString(), "--json");

        Assert.Equal(1, text.ExitCode);
        Assert.Contains("execution_not_found", text.Stderr);
        Assert.Equal("execution_not_found", json.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Ls_prints_a_header_of_counts_per_status_and_a_table_filtered_by_the_options()
    {
        var (key, client) = await server.NewTenantAsync();
        await EnqueueAsync(client, "a", runId: "r1");
        await EnqueueAsync(client, "b", runId: "r1");
        await EnqueueAsync(client, "c", runId: "r2");
        await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w1", Task = "a" }, Ct);

        var text = await server.RunAsync(key, "ls", "--run-id", "r1");
        var alias = await server.RunAsync(key, "tasks", "--status", "pending,delivering", "--task", "c", "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("2 total: pending 1  delivering 1", text.Stdout);
        Assert.DoesNotContain("│ c ", text.Stdout);
        var json = alias.Json();
        AssertEnvelope(json, exitCode: 0);
        Assert.Equal("c", Assert.Single(json.GetProperty("executions").EnumerateArray()).GetProperty("task").GetString());
        Assert.Equal(1, json.GetProperty("counts").GetProperty("pending").GetInt32());
    }

    internal static void AssertEnvelope(JsonElement json, int exitCode)
    {
        Assert.Equal(1, json.GetProperty("schema_version").GetInt32());
        Assert.Equal(exitCode, json.GetProperty("exit_code").GetInt32());
        Assert.True(json.GetProperty("duration_ms").GetInt64() >= 0);
        Assert.True(DateTimeOffset.TryParse(json.GetProperty("timestamp").GetString(), out _));
        Assert.Equal(JsonValueKind.Array, json.GetProperty("warnings").ValueKind);
    }

    private static async Task<Guid> EnqueueAsync(Baton.Client.BatonClient client, string task, string? runId = null) =>
        (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = task, RunId = runId }, Ct)).Execution.Id;

    private static async Task<(Guid Id, string Token)> EnqueueAndClaimAsync(Baton.Client.BatonClient client)
    {
        var id = await EnqueueAsync(client, "x");
        var claim = await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w1", Task = "x" }, Ct);
        Assert.Equal(id, claim.ExecutionId);
        return (id, claim.ClaimToken);
    }
}

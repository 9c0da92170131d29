using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Client;
using Baton.Contracts.Errors;
using Baton.Contracts.Executions;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Baton.Mcp.Tools;

// Parameter names are the tools' JSON argument names, hence snake_case.
#pragma warning disable IDE1006

/// <summary>The tools of an agent doing work: claim a task, keep its lease, hand it back, report its outcome.</summary>
[McpServerToolType]
internal sealed class WorkerTools(IBatonSessionSource sessions)
{
    [McpServerTool(Name = "pull_task", Title = "Pull a task", Destructive = false, OpenWorld = false)]
    [Description("""
        Claim the next task to work on, exclusively, under a time-limited lease. Returns the task (execution_id,
        claim_token, task, title, instructions, payload, run_id, attempt, lease_expires_at) or task_available=false
        when nothing matches. Pass run_id when you were asked to work on one run: you then only ever get that run's
        tasks, oldest (highest priority) first. Keep the execution_id and claim_token: submit_result, heartbeat_task
        and release_task need both. Use wait_seconds to block until a task arrives instead of calling repeatedly.
        Call heartbeat_task before lease_expires_at if the work takes longer, or the task returns to the queue.
        """)]
    public async Task<CallToolResult> PullTaskAsync(
        McpServer server,
        [Description("Only tasks of this run (the run_id the orchestrator enqueued them with).")] string? run_id = null,
        [Description("Only tasks in this queue.")] string? queue = null,
        [Description("Only tasks with this handler name.")] string? task = null,
        [Description("Only tasks addressed to this agent name.")] string? agent = null,
        [Description("Only tasks carrying every one of these tags.")] string[]? tags = null,
        [Description("Lease length in seconds (1-86400, default 900). The task goes back to the queue if the lease runs out.")] int? lease_seconds = null,
        [Description("When nothing is available, wait up to this many seconds (0-60) for a task to arrive. Default 0: answer at once.")] int? wait_seconds = null,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var claim = await session.Client.TryClaimAsync(new ClaimExecutionsRequest
        {
            WorkerId = session.WorkerId,
            RunId = run_id,
            Queue = queue,
            Task = task,
            Agent = agent,
            Tags = tags,
            LeaseSeconds = ToolArguments.InRange(lease_seconds, 1, 86_400, "lease_seconds"),
            WaitSeconds = ToolArguments.InRange(wait_seconds, 0, 60, "wait_seconds"),
        }, cancellationToken);
        if (claim is null)
        {
            return ToolResults.Ok(new JsonObject
            {
                ["task_available"] = false,
                ["message"] = "No task available that matches these filters. Call pull_task again later, or with wait_seconds to wait for one.",
            });
        }

        var execution = claim.Execution;
        return ToolResults.Ok(new JsonObject
        {
            ["task_available"] = true,
            ["execution_id"] = claim.ExecutionId.ToString("D"),
            ["claim_token"] = claim.ClaimToken,
            ["task"] = execution.Task,
            ["title"] = execution.Title,
            ["instructions"] = Instructions(execution.Payload),
            ["payload"] = ExecutionJson.Of(execution.Payload),
            ["run_id"] = execution.RunId,
            ["queue"] = execution.Queue,
            ["tags"] = new JsonArray([.. execution.Tags.Select(t => (JsonNode)t)]),
            ["attempt"] = execution.Attempts,
            ["max_attempts"] = execution.MaxAttempts,
            ["lease_seconds"] = claim.LeaseSeconds,
            ["lease_expires_at"] = ExecutionJson.Time(claim.LeaseExpiresAt),
            ["worker_id"] = session.WorkerId,
        });
    }

    [McpServerTool(Name = "submit_result", Title = "Submit a task's result", Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("""
        Report the outcome of a task you pulled, exactly once, with evidence. success=true finishes it; success=false
        with attempts left puts it back for a retry (retryable=false makes the failure final). Give the proof of work
        you have: summary, result, external_id (a commit SHA, PR or ticket number), result_url, artifacts. Errors:
        claim_lost means your lease ran out or someone else now holds the task — stop working on it;
        outcome_already_recorded means it was already reported.
        """)]
    public async Task<CallToolResult> SubmitResultAsync(
        McpServer server,
        [Description("The execution_id pull_task returned.")] string execution_id,
        [Description("The claim_token pull_task returned; proves you still hold the task.")] string claim_token,
        [Description("Whether the work succeeded.")] bool success,
        [Description("What was done, for people and for the orchestrator (at most 2000 characters).")] string? result = null,
        [Description("What went wrong, when success is false (at most 2000 characters).")] string? error = null,
        [Description("An id in another system that proves the work: a commit SHA, PR number, ticket id (at most 500 characters).")] string? external_id = null,
        [Description("An http(s) URL where the result can be seen, e.g. the pull request.")] string? result_url = null,
        [Description("A one-paragraph summary (at most 500 characters).")] string? summary = null,
        [Description("A JSON array describing produced artifacts, e.g. [{\"path\": \"out/report.md\"}].")] JsonElement? artifacts = null,
        [Description("A JSON object of extra data (at most 10 KiB).")] JsonElement? metadata = null,
        [Description("Only for success=false: false makes the failure final instead of retrying. Default true.")] bool? retryable = null,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var id = ToolArguments.ExecutionId(execution_id);
        var outcome = new RecordOutcomeRequest
        {
            Success = success,
            Result = result,
            Error = error,
            ExternalId = external_id,
            ResultUrl = result_url,
            Summary = summary,
            Artifacts = ToolArguments.Array(artifacts, "artifacts"),
            Metadata = ToolArguments.Object(metadata, "metadata"),
            Retryable = retryable,
        };
        // The claim token alone names the claim, so a result still lands after the MCP session reconnected under
        // another worker id.
        var recorded = await session.Client.RecordOutcomeAsync(
            id, outcome, workerId: null, ToolArguments.NotBlank(claim_token, "claim_token"), cancellationToken);
        return ToolResults.Ok(Recorded(recorded));
    }

    [McpServerTool(Name = "heartbeat_task", Title = "Extend a task's lease", Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("""
        Tell Baton you are still working on a pulled task and extend its lease, optionally with progress. Call it
        well before lease_expires_at on long tasks. Errors: execution_cancelled means someone cancelled the task —
        stop and do not submit; claim_lost means the lease already ran out and the task may be with someone else.
        """)]
    public async Task<CallToolResult> HeartbeatTaskAsync(
        McpServer server,
        [Description("The execution_id pull_task returned.")] string execution_id,
        [Description("The claim_token pull_task returned.")] string claim_token,
        [Description("New lease length from now, in seconds (1-86400); the claim's lease length when omitted.")] int? lease_seconds = null,
        [Description("Any JSON value describing progress, e.g. {\"step\": 3, \"of\": 5}.")] JsonElement? progress = null,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var id = ToolArguments.ExecutionId(execution_id);
        var token = ToolArguments.NotBlank(claim_token, "claim_token");
        var request = new ExecutionHeartbeatRequest
        {
            LeaseSeconds = ToolArguments.InRange(lease_seconds, 1, 86_400, "lease_seconds"),
            Progress = progress is { ValueKind: JsonValueKind.Null } ? null : progress,
        };
        ExecutionHeartbeatResponse beat;
        try
        {
            beat = await session.Client.HeartbeatAsync(id, session.WorkerId, token, request, cancellationToken);
        }
        catch (BatonApiException e) when (e.Code == ErrorCodes.NotExecutionOwner)
        {
            // Claimed in an earlier MCP session under another worker id: the server checks the token before the
            // worker, so naming the recorded claimer together with a matching token is the same claim resumed.
            var current = await session.Client.GetExecutionAsync(id, cancellationToken);
            if (current.ClaimedByWorker is not { } claimer || claimer == session.WorkerId) throw;
            beat = await session.Client.HeartbeatAsync(id, claimer, token, request, cancellationToken);
        }

        return ToolResults.Ok(new JsonObject
        {
            ["execution_id"] = beat.ExecutionId.ToString("D"),
            ["acknowledged"] = beat.Acknowledged,
            ["lease_expires_at"] = ExecutionJson.Time(beat.LeaseExtendedUntil),
        });
    }

    [McpServerTool(Name = "release_task", Title = "Give a task back", Destructive = false, OpenWorld = false)]
    [Description("""
        Hand a pulled task back to the queue without failing it (the attempt is not counted), e.g. when you cannot
        do it or must stop. Someone else can then pull it. Needs the execution_id and claim_token from pull_task.
        """)]
    public async Task<CallToolResult> ReleaseTaskAsync(
        McpServer server,
        [Description("The execution_id pull_task returned.")] string execution_id,
        [Description("The claim_token pull_task returned.")] string claim_token,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var execution = await session.Client.ReleaseAsync(
            ToolArguments.ExecutionId(execution_id), workerId: null, ToolArguments.NotBlank(claim_token, "claim_token"),
            cancellationToken);
        return ToolResults.Ok(new JsonObject { ["released"] = true, ["execution"] = ExecutionJson.Of(execution) });
    }

    [McpServerTool(Name = "report_outcome", Title = "Report an execution's outcome", Destructive = false, OpenWorld = false)]
    [Description("""
        Report the outcome of an execution as the account owner, without a claim token (CueAPI's report_outcome),
        e.g. for a cue's webhook delivery. If you pulled the task yourself, use submit_result instead.
        """)]
    public async Task<CallToolResult> ReportOutcomeAsync(
        McpServer server,
        [Description("The execution to report on.")] string execution_id,
        [Description("Whether the work succeeded.")] bool success,
        [Description("Result text (at most 2000 characters).")] string? result = null,
        [Description("Error text when success is false (at most 2000 characters).")] string? error = null,
        [Description("A JSON object of extra data (at most 10 KiB).")] JsonElement? metadata = null,
        [Description("An id in another system that proves the work.")] string? external_id = null,
        [Description("An http(s) URL where the result can be seen.")] string? result_url = null,
        [Description("A short summary (at most 500 characters).")] string? summary = null,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var recorded = await session.Client.RecordOutcomeAsync(ToolArguments.ExecutionId(execution_id), new RecordOutcomeRequest
        {
            Success = success,
            Result = result,
            Error = error,
            Metadata = ToolArguments.Object(metadata, "metadata"),
            ExternalId = external_id,
            ResultUrl = result_url,
            Summary = summary,
        }, ct: cancellationToken);
        return ToolResults.Ok(Recorded(recorded));
    }

    private static JsonObject Recorded(OutcomeRecordedResponse recorded) => new()
    {
        ["execution_id"] = recorded.ExecutionId.ToString("D"),
        ["outcome_recorded"] = recorded.OutcomeRecorded,
        ["outcome_state"] = recorded.OutcomeState,
        ["status"] = recorded.Status,
        ["next_retry"] = recorded.NextRetry is { } next ? ExecutionJson.Time(next) : null,
    };

    private static string? Instructions(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("instructions", out var instructions)
            ? instructions.ValueKind == JsonValueKind.String ? instructions.GetString() : instructions.GetRawText()
            : null;
}

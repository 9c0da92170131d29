using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Client;
using Baton.Contracts.Executions;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Baton.Mcp.Tools;

// Parameter names are the tools' JSON argument names, hence snake_case.
#pragma warning disable IDE1006

/// <summary>The tools of an agent handing out work and watching it: enqueue, cancel, look up, list.</summary>
[McpServerToolType]
internal sealed class JobTools(IBatonSessionSource sessions)
{
    [McpServerTool(Name = "enqueue_task", Title = "Enqueue a task", Destructive = false, OpenWorld = false)]
    [Description("""
        Put a task on the queue for another agent or worker to pull. Give the same run_id to every task of one
        piece of work, so a worker can pull only that run's tasks and you can wait_for_run on all of them. Put what
        the worker should do in payload.instructions. Returns the new execution (its id is what wait_for_job,
        get_job_status and cancel_job take). Repeating a call with the same idempotency_key returns the first task
        instead of adding another.
        """)]
    public async Task<CallToolResult> EnqueueTaskAsync(
        McpServer server,
        [Description("The handler name workers route on, e.g. \"implement\", \"review\", \"test\".")] string task,
        [Description("A short label for people (at most 256 characters).")] string? title = null,
        [Description("A JSON object for the worker; put the work description in \"instructions\".")] JsonElement? payload = null,
        [Description("Higher is pulled first; default 0.")] int? priority = null,
        [Description("Queue name ([a-zA-Z0-9_-], default \"default\").")] string? queue = null,
        [Description("Groups tasks into a run (at most 256 characters).")] string? run_id = null,
        [Description("At most 20 tags of at most 64 characters.")] string[]? tags = null,
        [Description("Not pullable before this ISO-8601 time, e.g. 2030-01-01T09:00:00Z.")] string? send_at = null,
        [Description("Makes the call safe to repeat: the same key returns the task already created.")] string? idempotency_key = null,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var enqueued = await session.Client.EnqueueAsync(new EnqueueExecutionRequest
        {
            Task = ToolArguments.NotBlank(task, "task"),
            Title = title,
            Payload = ToolArguments.Object(payload, "payload"),
            Priority = priority,
            Queue = queue,
            RunId = run_id,
            Tags = tags,
            SendAt = ToolArguments.Time(send_at, "send_at"),
            IdempotencyKey = idempotency_key,
        }, cancellationToken);
        return ToolResults.Ok(new JsonObject
        {
            ["created"] = enqueued.Created,
            ["execution_id"] = enqueued.Execution.Id.ToString("D"),
            ["execution"] = ExecutionJson.Of(enqueued.Execution),
        });
    }

    [McpServerTool(Name = "cancel_job", Title = "Cancel a task", Destructive = true, OpenWorld = false)]
    [Description("""
        Cancel a task that has not finished. A task someone is working on needs force=true (unless you hold it);
        its worker learns of the cancel on its next heartbeat. A finished task cannot be cancelled
        (execution_terminal).
        """)]
    public async Task<CallToolResult> CancelJobAsync(
        McpServer server,
        [Description("The task's execution_id.")] string execution_id,
        [Description("Why, for the record (at most 500 characters).")] string? reason = null,
        [Description("Cancel even though another worker holds the task.")] bool? force = null,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var execution = await session.Client.CancelAsync(
            ToolArguments.ExecutionId(execution_id), new CancelExecutionRequest { Reason = reason, Force = force },
            session.WorkerId, cancellationToken);
        return ToolResults.Ok(new JsonObject { ["cancelled"] = true, ["execution"] = ExecutionJson.Of(execution) });
    }

    [McpServerTool(Name = "get_job_status", Title = "Get a task's status", ReadOnly = true, OpenWorld = false)]
    [Description("""
        Look up one task now: status (pending, delivering, retrying, success, failed, missed, cancelled), attempts,
        who holds it, its outcome and evidence. To block until it finishes, use wait_for_job instead of calling this
        repeatedly.
        """)]
    public async Task<CallToolResult> GetJobStatusAsync(
        McpServer server,
        [Description("The task's execution_id.")] string execution_id,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var execution = await session.Client.GetExecutionAsync(ToolArguments.ExecutionId(execution_id), cancellationToken);
        return ToolResults.Ok(new JsonObject
        {
            ["done"] = ExecutionJson.IsTerminal(execution.Status),
            ["execution"] = ExecutionJson.Of(execution),
        });
    }

    [McpServerTool(Name = "list_jobs", Title = "List tasks", ReadOnly = true, OpenWorld = false)]
    [Description("""
        List tasks, newest first, with counts by status over the same filters (ignoring the status filter), e.g.
        run_id to see how far a run has got.
        """)]
    public async Task<CallToolResult> ListJobsAsync(
        McpServer server,
        [Description("Only these statuses, comma-separated: pending, delivering, retrying, success, failed, missed, cancelled.")] string? status = null,
        [Description("Only this queue.")] string? queue = null,
        [Description("Only this handler name.")] string? task = null,
        [Description("Only this run.")] string? run_id = null,
        [Description("How many to return, 1-100 (default 20).")] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var statuses = status?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var page = await session.Client.ListExecutionsAsync(new ExecutionListQuery
        {
            Statuses = statuses,
            Queue = queue,
            Task = task,
            RunId = run_id,
            Limit = ToolArguments.InRange(limit, 1, 100, "limit"),
        }, cancellationToken);
        return ToolResults.Ok(new JsonObject
        {
            ["jobs"] = new JsonArray([.. page.Executions.Select(e => (JsonNode)ExecutionJson.Of(e))]),
            ["total"] = page.Total,
            ["has_more"] = page.HasMore,
            ["counts"] = ExecutionJson.Of(page.Counts),
        });
    }

    [McpServerTool(Name = "list_workers", Title = "List workers", ReadOnly = true, OpenWorld = false)]
    [Description("List the workers Baton has heard from, with their heartbeat status (active, stale, dead), handlers and how many tasks each holds.")]
    public async Task<CallToolResult> ListWorkersAsync(McpServer server, CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var workers = await session.Client.ListWorkersAsync(cancellationToken);
        var list = JsonSerializer.SerializeToNode(workers, Baton.Contracts.Serialization.BatonJson.Default.WorkerListResponse)!.AsObject();
        return ToolResults.Ok(list);
    }
}

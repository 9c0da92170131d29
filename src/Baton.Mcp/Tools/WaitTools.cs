using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Baton.Mcp.Tools;

// Parameter names are the tools' JSON argument names, hence snake_case.
#pragma warning disable IDE1006

/// <summary>
/// Blocking waits on the server's await endpoints (chained long-polls: the answer comes the moment the work
/// finishes, with no polling here), reporting MCP progress between long-polls so clients see the call is alive.
/// </summary>
[McpServerToolType]
internal sealed class WaitTools(IBatonSessionSource sessions)
{
    internal const int MaxTimeoutSeconds = 600;

    /// <summary>One long-poll segment: the longest a client waits for a sign of life (a progress notification).</summary>
    internal static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    [McpServerTool(Name = "wait_for_job", Title = "Wait for a task to finish", ReadOnly = true, OpenWorld = false)]
    [Description("""
        Block until a task finishes (success, failed, missed or cancelled) or timeout_seconds pass, and return its
        final state with the outcome and evidence. Returns the moment it finishes — use this instead of polling
        get_job_status. On timeout returns timed_out=true with the current state; call again to keep waiting.
        """)]
    public async Task<CallToolResult> WaitForJobAsync(
        McpServer server,
        IProgress<ProgressNotificationValue> progress,
        [Description("The task's execution_id (from enqueue_task or list_jobs).")] string execution_id,
        [Description("Give up after this many seconds (0-600).")] int timeout_seconds,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var id = ToolArguments.ExecutionId(execution_id);
        var timeout = TimeSpan.FromSeconds(ToolArguments.InRange(timeout_seconds, 0, MaxTimeoutSeconds, "timeout_seconds")!.Value);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var execution = await session.Client.WaitForExecutionAsync(id, Segment(timeout, clock), cancellationToken);
            var done = ExecutionJson.IsTerminal(execution.Status);
            if (done || clock.Elapsed >= timeout)
            {
                return ToolResults.Ok(new JsonObject
                {
                    ["done"] = done,
                    ["timed_out"] = !done,
                    ["status"] = execution.Status,
                    ["execution"] = ExecutionJson.Of(execution),
                });
            }

            progress.Report(new ProgressNotificationValue
            {
                Progress = (float)clock.Elapsed.TotalSeconds,
                Total = (float)timeout.TotalSeconds,
                Message = $"Task {execution_id} is {execution.Status} (attempt {execution.Attempts}); still waiting.",
            });
        }
    }

    [McpServerTool(Name = "wait_for_run", Title = "Wait for a run to finish", ReadOnly = true, OpenWorld = false)]
    [Description("""
        Block until every task of a run has finished or timeout_seconds pass; returns the run's counts by status
        (done=true when all are finished). Returns the moment the last task finishes. On timeout returns
        timed_out=true with the current counts; call again to keep waiting. Use list_jobs with run_id for the
        individual outcomes.
        """)]
    public async Task<CallToolResult> WaitForRunAsync(
        McpServer server,
        IProgress<ProgressNotificationValue> progress,
        [Description("The run_id the tasks were enqueued with.")] string run_id,
        [Description("Give up after this many seconds (0-600).")] int timeout_seconds,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        ToolArguments.NotBlank(run_id, "run_id");
        var timeout = TimeSpan.FromSeconds(ToolArguments.InRange(timeout_seconds, 0, MaxTimeoutSeconds, "timeout_seconds")!.Value);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var run = await session.Client.WaitForRunAsync(run_id, Segment(timeout, clock), cancellationToken);
            if (run.Done || clock.Elapsed >= timeout)
            {
                return ToolResults.Ok(new JsonObject
                {
                    ["done"] = run.Done,
                    ["timed_out"] = !run.Done,
                    ["run"] = ExecutionJson.Of(run),
                });
            }

            var finished = run.Counts.Success + run.Counts.Failed + run.Counts.Missed + run.Counts.Cancelled;
            progress.Report(new ProgressNotificationValue
            {
                Progress = finished,
                Total = run.Total,
                Message = $"Run {run_id}: {finished} of {run.Total} tasks finished; still waiting.",
            });
        }
    }

    /// <summary>The next long-poll: what is left of <paramref name="timeout"/>, at most <see cref="ProgressInterval"/>.</summary>
    internal static TimeSpan Segment(TimeSpan timeout, Stopwatch clock)
    {
        var left = timeout - clock.Elapsed;
        if (left <= TimeSpan.Zero) return TimeSpan.Zero;
        return left < ProgressInterval ? left : ProgressInterval;
    }
}

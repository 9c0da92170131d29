using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Contracts.Cues;
using Baton.Contracts.Serialization;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Baton.Mcp.Tools;

// Parameter names are the tools' JSON argument names (CueAPI's MCP server's shapes), hence snake_case.
#pragma warning disable IDE1006

/// <summary>Cues: definitions of work that fire on a schedule (cron or once) or on demand, in CueAPI's MCP argument shapes.</summary>
[McpServerToolType]
internal sealed class CueTools(IBatonSessionSource sessions)
{
    [McpServerTool(Name = "create_cue", Title = "Create a cue", Destructive = false, OpenWorld = false)]
    [Description("""
        Create a cue: work that fires on a cron schedule (cron, in timezone), once at a time (at), or only when
        fired (neither). Each firing makes an execution that is either POSTed to callback_url (a webhook) or, with
        worker=true, left for workers and agents to pull_task. Returns the cue; its id is what the other cue tools take.
        """)]
    public async Task<CallToolResult> CreateCueAsync(
        McpServer server,
        [Description("A name unique in your account (at most 255 characters).")] string name,
        [Description("A cron expression, e.g. \"0 9 * * 1-5\" for 09:00 on weekdays. Give cron or at, not both.")] string? cron = null,
        [Description("Fire once at this ISO-8601 time in the future, e.g. 2030-01-01T09:00:00Z.")] string? at = null,
        [Description("The https URL each firing is POSTed to. Omit it with worker=true.")] string? callback_url = null,
        [Description("True: executions wait for a worker or agent to pull them instead of being POSTed to a URL.")] bool? worker = null,
        [Description("The IANA time zone the cron is read in, e.g. \"Europe/Berlin\"; default UTC.")] string? timezone = null,
        [Description("A JSON object handed to every execution; put instructions for an agent in \"instructions\".")] JsonElement? payload = null,
        [Description("What the cue is for.")] string? description = null,
        CancellationToken cancellationToken = default)
    {
        if (cron is not null && at is not null)
        {
            throw new ToolArgumentException("at", "Give either 'cron' (recurring) or 'at' (once), not both.");
        }

        var type = cron is not null ? "recurring" : at is not null ? "once" : "on_demand";
        var isWorker = worker ?? callback_url is null;
        var session = sessions.For(server);
        var cue = await session.Client.CreateCueAsync(new CueRequest
        {
            Name = ToolArguments.NotBlank(name, "name"),
            Description = description,
            Schedule = new CueScheduleBody { Type = type, Cron = cron, At = ToolArguments.Time(at, "at"), Timezone = timezone },
            Transport = isWorker ? "worker" : "webhook",
            Callback = callback_url is null ? null : new CueCallbackBody { Url = callback_url },
            Payload = ToolArguments.Object(payload, "payload"),
        }, cancellationToken);
        return ToolResults.Ok(Of(cue));
    }

    [McpServerTool(Name = "list_cues", Title = "List cues", ReadOnly = true, OpenWorld = false)]
    [Description("List your cues, newest first, with their schedule, status and next run.")]
    public async Task<CallToolResult> ListCuesAsync(
        McpServer server,
        [Description("Only cues in this status: active, paused, completed or failed.")] string? status = null,
        [Description("How many to return, 1-100 (default 50).")] int? limit = null,
        [Description("How many to skip, for paging.")] int? offset = null,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var page = await session.Client.ListCuesAsync(
            status, ToolArguments.InRange(limit, 1, 100, "limit"), ToolArguments.InRange(offset, 0, int.MaxValue, "offset"),
            cancellationToken);
        return ToolResults.Ok(JsonSerializer.SerializeToNode(page, BatonJson.Default.CueListResponse)!.AsObject());
    }

    [McpServerTool(Name = "get_cue", Title = "Get a cue", ReadOnly = true, OpenWorld = false)]
    [Description("One cue with its recent executions (newest first).")]
    public async Task<CallToolResult> GetCueAsync(
        McpServer server,
        [Description("The cue's id (cue_…).")] string cue_id,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        return ToolResults.Ok(Of(await session.Client.GetCueAsync(ToolArguments.NotBlank(cue_id, "cue_id"), ct: cancellationToken)));
    }

    [McpServerTool(Name = "pause_cue", Title = "Pause a cue", Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Pause a cue: it fires nothing on its schedule until resumed (fire_cue still works).")]
    public async Task<CallToolResult> PauseCueAsync(
        McpServer server,
        [Description("The cue's id (cue_…).")] string cue_id,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        return ToolResults.Ok(Of(await session.Client.PauseCueAsync(ToolArguments.NotBlank(cue_id, "cue_id"), cancellationToken)));
    }

    [McpServerTool(Name = "resume_cue", Title = "Resume a cue", Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Resume a paused cue; its next run is computed from now.")]
    public async Task<CallToolResult> ResumeCueAsync(
        McpServer server,
        [Description("The cue's id (cue_…).")] string cue_id,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        return ToolResults.Ok(Of(await session.Client.ResumeCueAsync(ToolArguments.NotBlank(cue_id, "cue_id"), cancellationToken)));
    }

    [McpServerTool(Name = "delete_cue", Title = "Delete a cue", Destructive = true, Idempotent = true, OpenWorld = false)]
    [Description("Delete a cue for good. Executions it already made stay.")]
    public async Task<CallToolResult> DeleteCueAsync(
        McpServer server,
        [Description("The cue's id (cue_…).")] string cue_id,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        await session.Client.DeleteCueAsync(ToolArguments.NotBlank(cue_id, "cue_id"), cancellationToken);
        return ToolResults.Ok(new JsonObject { ["deleted"] = true, ["cue_id"] = cue_id });
    }

    [McpServerTool(Name = "fire_cue", Title = "Fire a cue now", Destructive = false, OpenWorld = false)]
    [Description("""
        Fire a cue once now (or at send_at), making one execution, optionally with a different payload. Returns the
        execution's id: pass it to wait_for_job to block until it finishes.
        """)]
    public async Task<CallToolResult> FireCueAsync(
        McpServer server,
        [Description("The cue's id (cue_…).")] string cue_id,
        [Description("A JSON object for this execution's payload.")] JsonElement? payload_override = null,
        [Description("\"merge\" (default: the override's top-level keys win) or \"replace\" (the override is the whole payload).")] string? merge_strategy = null,
        [Description("Not pullable before this ISO-8601 time.")] string? send_at = null,
        CancellationToken cancellationToken = default)
    {
        if (merge_strategy is not null and not "merge" and not "replace")
        {
            throw new ToolArgumentException("merge_strategy", $"'merge_strategy' must be \"merge\" or \"replace\", not '{merge_strategy}'.");
        }

        var session = sessions.For(server);
        var fired = await session.Client.FireCueAsync(ToolArguments.NotBlank(cue_id, "cue_id"), new FireCueRequest
        {
            PayloadOverride = ToolArguments.Object(payload_override, "payload_override"),
            MergeStrategy = merge_strategy,
            SendAt = ToolArguments.Time(send_at, "send_at"),
        }, cancellationToken);
        var body = JsonSerializer.SerializeToNode(fired, BatonJson.Default.FireCueResponse)!.AsObject();
        body["execution_id"] = fired.Id.ToString("D");
        return ToolResults.Ok(body);
    }

    private static JsonObject Of(CueResponse cue) => JsonSerializer.SerializeToNode(cue, BatonJson.Default.CueResponse)!.AsObject();
}

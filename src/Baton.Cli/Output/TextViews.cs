using System.Globalization;
using System.Text.Json;
using Baton.Contracts.Auth;
using Baton.Contracts.Events;
using Baton.Contracts.Executions;
using Baton.Contracts.Runs;
using Baton.Contracts.Service;
using Baton.Contracts.Workers;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Baton.Cli.Output;

/// <summary>
/// How results look to people: tables, key/value grids and coloured statuses. Every value from the server goes
/// through <see cref="Plain"/>, never through markup, so a title like "[red]" prints as written.
/// </summary>
public static class TextViews
{
    public static IRenderable Plain(string? value) => new Text(string.IsNullOrEmpty(value) ? "-" : value);

    public static IRenderable Status(string status) => new Markup(StatusMarkup(status));

    public static string StatusMarkup(string status)
    {
        var colour = status switch
        {
            "success" => "green",
            "failed" or "missed" => "red",
            "cancelled" => "grey",
            "delivering" => "blue",
            "retrying" => "yellow",
            _ => "default",
        };
        return $"[{colour}]{Markup.Escape(status)}[/]";
    }

    public static string Time(DateTimeOffset? at) =>
        at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    public static string Json(JsonElement? element) =>
        element is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } e ? e.GetRawText() : "-";

    /// <summary>One line about an execution after a change: "Enqueued 0197… summarise (pending, queue default)".</summary>
    public static void ExecutionLine(IAnsiConsole console, string verb, ExecutionResponse e)
    {
        console.MarkupLine(
            $"{Markup.Escape(verb)} [bold]{e.Id}[/] {Markup.Escape(e.Title ?? e.Task ?? "")} ({StatusMarkup(e.Status)}, queue {Markup.Escape(e.Queue)}" +
            (e.RunId is null ? "" : $", run {Markup.Escape(e.RunId)}") + ")");
    }

    public static void ExecutionDetail(IAnsiConsole console, ExecutionResponse e, IReadOnlyList<EventResponse> timeline)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, IRenderable value) => grid.AddRow(new Markup($"[bold]{name}[/]"), value);
        Row("id", Plain(e.Id.ToString()));
        Row("title", Plain(e.Title));
        Row("status", Status(e.Status));
        Row("task", Plain(e.Task));
        Row("queue", Plain(e.Queue));
        Row("agent", Plain(e.Agent));
        Row("priority", Plain(e.Priority.ToString(CultureInfo.InvariantCulture)));
        Row("run", Plain(e.RunId));
        Row("tags", Plain(string.Join(", ", e.Tags)));
        Row("attempts", Plain($"{e.Attempts} of {e.MaxAttempts}"));
        Row("triggered by", Plain(e.TriggeredBy + (e.ReplayedFrom is { } from ? $" (from {from})" : "")));
        Row("created", Plain(Time(e.CreatedAt)));
        Row("scheduled for", Plain(Time(e.ScheduledFor)));
        Row("claimed by", Plain(e.ClaimedByWorker));
        Row("lease expires", Plain(Time(e.LeaseExpiresAt)));
        Row("last heartbeat", Plain(Time(e.LastHeartbeatAt)));
        Row("progress", Plain(Json(e.Progress)));
        Row("next retry", Plain(Time(e.NextRetry)));
        Row("payload", Plain(Json(e.Payload)));
        if (e.Outcome is { } outcome)
        {
            Row("outcome", new Markup(outcome.Success ? "[green]success[/]" : "[red]failure[/]"));
            Row("outcome state", Plain(e.OutcomeState));
            Row("result", Plain(outcome.Result));
            Row("error", Plain(outcome.Error));
            Row("metadata", Plain(Json(outcome.Metadata)));
            Row("recorded", Plain(Time(outcome.RecordedAt)));
        }
        else if (e.ErrorMessage is not null)
        {
            Row("error", Plain(e.ErrorMessage));
        }

        if (e.Evidence is { } evidence)
        {
            Row("external id", Plain(evidence.ExternalId));
            Row("result url", Plain(evidence.ResultUrl));
            Row("result ref", Plain(evidence.ResultRef));
            Row("result type", Plain(evidence.ResultType));
            Row("summary", Plain(evidence.Summary));
            Row("artifacts", Plain(Json(evidence.Artifacts)));
        }

        if (e.CancelledAt is not null) Row("cancelled", Plain($"{Time(e.CancelledAt)} {e.CancelReason}"));
        console.Write(grid);

        if (timeline.Count == 0) return;
        console.WriteLine();
        var table = new Table().Title("timeline").AddColumns("at", "event", "status");
        foreach (var ev in timeline) table.AddRow(Plain(Time(ev.At)), Plain(ev.Type), Plain(ev.Status));
        console.Write(table);
    }

    public static void Claims(IAnsiConsole console, IReadOnlyList<ClaimedExecutionResponse> claims)
    {
        foreach (var claim in claims)
        {
            var e = claim.Execution;
            console.MarkupLine(
                $"Claimed [bold]{claim.ExecutionId}[/] {Markup.Escape(e.Title ?? e.Task ?? "")} (attempt {e.Attempts} of {e.MaxAttempts}, lease until {Time(claim.LeaseExpiresAt)})");
            console.WriteLine($"  claim token: {claim.ClaimToken}");
            console.WriteLine($"  payload: {Json(e.Payload)}");
        }
    }

    public static void CountsHeader(IAnsiConsole console, ExecutionCountsResponse c, long total)
    {
        console.MarkupLine(
            $"{total} total: {StatusMarkup("pending")} {c.Pending}  {StatusMarkup("delivering")} {c.Delivering}  " +
            $"{StatusMarkup("retrying")} {c.Retrying}  {StatusMarkup("success")} {c.Success}  {StatusMarkup("failed")} {c.Failed}  " +
            $"{StatusMarkup("missed")} {c.Missed}  {StatusMarkup("cancelled")} {c.Cancelled}");
    }

    /// <summary>
    /// The tasks as a table. Ids are shortened to their last 12 characters unless <paramref name="wide"/>: a full
    /// UUID makes the table wrap in an ordinary terminal, and the start of a UUIDv7 is its creation time, shared by
    /// tasks made together, while the end is random.
    /// </summary>
    public static void ExecutionTable(IAnsiConsole console, ExecutionListResponse page, bool wide = false)
    {
        CountsHeader(console, page.Counts, page.Counts.Pending + page.Counts.Delivering + page.Counts.Retrying +
            page.Counts.Success + page.Counts.Failed + page.Counts.Missed + page.Counts.Cancelled);
        if (page.Executions.Count == 0)
        {
            console.WriteLine("No executions match.");
            return;
        }

        var table = new Table().AddColumns("id", "status", "task", "title", "queue", "run", "pri", "tries", "worker", "created");
        foreach (var e in page.Executions)
        {
            table.AddRow(Plain(wide ? e.Id.ToString() : ShortId(e.Id)), Status(e.Status), Plain(e.Task), Plain(e.Title), Plain(e.Queue), Plain(e.RunId),
                Plain(e.Priority.ToString(CultureInfo.InvariantCulture)), Plain($"{e.Attempts}/{e.MaxAttempts}"),
                Plain(e.ClaimedByWorker), Plain(Time(e.CreatedAt)));
        }

        console.Write(table);
        if (page.HasMore) console.WriteLine($"Showing {page.Offset + 1}–{page.Offset + page.Executions.Count} of {page.Total}; use --limit/--offset for more.");
    }

    public static void Run(IAnsiConsole console, RunResponse run)
    {
        console.MarkupLine($"Run [bold]{Markup.Escape(run.RunId)}[/]: {(run.Done ? "[green]done[/]" : "[yellow]in progress[/]")}");
        CountsHeader(console, run.Counts, run.Total);
        console.WriteLine($"first created {Time(run.FirstCreatedAt)}, last finished {Time(run.LastFinishedAt)}");
    }

    public static void RunTable(IAnsiConsole console, RunListResponse runs)
    {
        if (runs.Runs.Count == 0)
        {
            console.WriteLine("No runs.");
            return;
        }

        var table = new Table().AddColumns(
            "run", "done", "total", "pending", "delivering", "retrying", "success", "failed", "missed", "cancelled", "last activity");
        foreach (var r in runs.Runs)
        {
            var c = r.Counts;
            table.AddRow(Plain(r.RunId), Plain(r.Done ? "yes" : "no"), Plain(N(r.Total)), Plain(N(c.Pending)), Plain(N(c.Delivering)),
                Plain(N(c.Retrying)), Plain(N(c.Success)), Plain(N(c.Failed)), Plain(N(c.Missed)), Plain(N(c.Cancelled)),
                Plain(Time(r.LastActivityAt)));
        }

        console.Write(table);
    }

    public static void EventLine(IAnsiConsole console, EventResponse e)
    {
        console.MarkupLine(
            $"{Time(e.At)} [bold]{Markup.Escape(e.Type)}[/] {e.ExecutionId?.ToString() ?? Markup.Escape(e.CueId ?? "")}" +
            (e.Status is null ? "" : " " + StatusMarkup(e.Status)) +
            (e.RunId is null ? "" : $" run {Markup.Escape(e.RunId)}") +
            (e.Queue is null ? "" : $" queue {Markup.Escape(e.Queue)}"));
    }

    public static void WorkerTable(IAnsiConsole console, WorkerListResponse workers)
    {
        if (workers.Workers.Count == 0)
        {
            console.WriteLine("No workers have heartbeated.");
            return;
        }

        var table = new Table().AddColumns("worker", "status", "last heartbeat", "claimed", "handlers", "host", "version");
        foreach (var w in workers.Workers)
        {
            var colour = w.HeartbeatStatus switch { "active" => "green", "stale" or "stopping" => "yellow", "stopped" => "grey", _ => "red" };
            table.AddRow(Plain(w.WorkerId), new Markup($"[{colour}]{Markup.Escape(w.HeartbeatStatus)}[/]"),
                Plain($"{Time(w.LastHeartbeat)} ({w.SecondsSinceHeartbeat} s ago)"), Plain(N(w.ClaimedCount)),
                Plain(string.Join(", ", w.Handlers)), Plain(w.Host), Plain(w.Version));
        }

        console.Write(table);
    }

    public static void Me(IAnsiConsole console, MeResponse me, Uri server, string keySource)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, string? value) => grid.AddRow(new Markup($"[bold]{name}[/]"), Plain(value));
        Row("email", me.Email);
        Row("server", server.ToString());
        Row("key", $"{me.ApiKeyPrefix}… (from {keySource})");
        Row("plan", me.Plan);
        Row("rate limit", $"{me.RateLimitPerMinute}/min");
        Row("executions this month", N(me.ExecutionsThisMonth));
        Row("active cues", me.ActiveCueLimit == UsageLimit.None ? N(me.ActiveCues) : $"{me.ActiveCues} of {me.ActiveCueLimit}");
        console.Write(grid);
    }

    /// <summary>Counts by status on one line, only the statuses that have any: "3 pending · 5 success · 1 failed".</summary>
    public static string CountsLine(ExecutionCountsResponse c)
    {
        var parts = new (string Name, long Count)[]
        {
            ("pending", c.Pending), ("delivering", c.Delivering), ("retrying", c.Retrying), ("success", c.Success),
            ("failed", c.Failed), ("missed", c.Missed), ("cancelled", c.Cancelled),
        }.Where(p => p.Count > 0).Select(p => $"{p.Count} {p.Name}").ToList();
        return parts.Count == 0 ? "no tasks yet" : string.Join(" · ", parts);
    }

    /// <summary>The last 12 characters of an id, after an ellipsis: enough to tell a page of tasks apart.</summary>
    public static string ShortId(Guid id) => "…" + id.ToString()[^12..];

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}

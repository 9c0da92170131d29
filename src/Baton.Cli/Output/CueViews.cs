using Baton.Contracts.Cues;
using Spectre.Console;
using Spectre.Console.Rendering;
using static Baton.Cli.Output.TextViews;

namespace Baton.Cli.Output;

/// <summary>How cues look to people: a table for <c>cues ls</c>, a key/value grid and recent executions for one cue.</summary>
public static class CueViews
{
    public static void CueTable(IAnsiConsole console, CueListResponse cues)
    {
        if (cues.Cues.Count == 0)
        {
            console.WriteLine("No cues.");
            return;
        }

        var table = new Table().AddColumns("id", "name", "status", "schedule", "transport", "queue", "next run", "fired");
        foreach (var c in cues.Cues)
        {
            table.AddRow(Plain(c.Id), Plain(c.Name), CueStatus(c.Status), Plain(Schedule(c.Schedule)), Plain(c.Transport), Plain(c.Queue),
                Plain(Time(c.NextRun)), Plain(c.FiredCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        console.Write(table);
    }

    public static void CueDetail(IAnsiConsole console, CueResponse c)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, IRenderable value) => grid.AddRow(new Markup($"[bold]{name}[/]"), value);
        Row("id", Plain(c.Id));
        Row("name", Plain(c.Name));
        Row("description", Plain(c.Description));
        Row("status", CueStatus(c.Status));
        Row("schedule", Plain(Schedule(c.Schedule)));
        Row("transport", Plain(c.Transport + (c.Callback?.Url is { } url ? $" → {c.Callback.Method ?? "POST"} {url}" : "")));
        Row("queue", Plain(c.Queue));
        Row("priority", Plain(c.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Row("verification", Plain(c.Verification.Mode));
        Row("retry", Plain($"{c.Retry.MaxAttempts} attempts, backoff {string.Join("/", c.Retry.BackoffMinutes ?? [])} min"));
        Row("catch up", Plain(c.CatchUp));
        Row("next run", Plain(Time(c.NextRun)));
        Row("last run", Plain(Time(c.LastRun)));
        Row("fired", Plain($"{c.FiredCount} times"));
        Row("payload", Plain(Json(c.Payload)));
        if (c.Warning is not null) Row("warning", new Markup($"[yellow]{Markup.Escape(c.Warning)}[/]"));
        console.Write(grid);
        if (c.Executions is not { Count: > 0 } executions) return;
        console.WriteLine();
        var table = new Table().Title("recent executions").AddColumns("id", "status", "scheduled for", "attempts");
        foreach (var e in executions) table.AddRow(Plain(e.Id.ToString()), Status(e.Status), Plain(Time(e.ScheduledFor)), Plain($"{e.Attempts}/{e.MaxAttempts}"));
        console.Write(table);
    }

    private static Markup CueStatus(string status) => new(status switch
    {
        "active" => "[green]active[/]",
        "paused" => "[yellow]paused[/]",
        "failed" => "[red]failed[/]",
        _ => Markup.Escape(status),
    });

    private static string Schedule(CueScheduleBody s) => s.Type switch
    {
        "recurring" => $"cron {s.Cron} ({s.Timezone ?? "UTC"})",
        "once" => $"once at {Time(s.At)}",
        _ => s.Type ?? "-",
    };
}

using System.Globalization;
using Baton.Contracts.Messaging;
using Spectre.Console;
using Spectre.Console.Rendering;
using static Baton.Cli.Output.TextViews;

namespace Baton.Cli.Output;

/// <summary>How agents and messages look to people: tables for lists and the roster, a key/value grid for one.</summary>
public static class MessageViews
{
    /// <summary>How much of a body an inbox row shows; <c>messages show</c> prints all of it.</summary>
    private const int PreviewLength = 60;

    public static void AgentTable(IAnsiConsole console, AgentListResponse agents)
    {
        if (agents.Agents.Count == 0)
        {
            console.WriteLine("No agents. Create one with `baton agents create NAME`.");
            return;
        }

        var table = new Table().AddColumns("id", "slug", "name", "status", "delivery", "created");
        foreach (var a in agents.Agents)
        {
            table.AddRow(Plain(a.Id), Plain(a.Slug), Plain(a.DisplayName), AgentStatus(a.Status, a.DeletedAt),
                Plain(a.WebhookUrl is null ? "inbox" : "webhook"), Plain(Time(a.CreatedAt)));
        }

        console.Write(table);
        if (agents.Offset + agents.Agents.Count < agents.Total)
        {
            console.WriteLine($"Showing {agents.Offset + 1}–{agents.Offset + agents.Agents.Count} of {agents.Total}; use --limit/--offset for more.");
        }
    }

    public static void AgentDetail(IAnsiConsole console, AgentResponse a)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, IRenderable value) => grid.AddRow(new Markup($"[bold]{name}[/]"), value);
        Row("id", Plain(a.Id));
        Row("slug", Plain(a.Slug));
        Row("name", Plain(a.DisplayName));
        Row("status", AgentStatus(a.Status, a.DeletedAt));
        Row("webhook", Plain(a.WebhookUrl));
        Row("metadata", Plain(Json(a.Metadata)));
        Row("created", Plain(Time(a.CreatedAt)));
        Row("updated", Plain(Time(a.UpdatedAt)));
        if (a.DeletedAt is not null) Row("deleted", Plain(Time(a.DeletedAt)));
        console.Write(grid);
    }

    public static void RosterTable(IAnsiConsole console, RosterResponse roster)
    {
        if (roster.Agents.Count == 0)
        {
            console.WriteLine("No agents. Create one with `baton agents create NAME`.");
            return;
        }

        var table = new Table().AddColumns("name", "display name", "status", "last seen", "contact", "description");
        foreach (var a in roster.Agents)
        {
            table.AddRow(Plain(a.Name), Plain(a.DisplayName), AgentStatus(a.Status, null), Plain(a.LastSeenRelative),
                Plain(a.PreferredContact), Plain(a.Description));
        }

        console.Write(table);
    }

    public static void MessageTable(IAnsiConsole console, MessageListResponse page, string agent)
    {
        if (page.Messages.Count == 0)
        {
            console.WriteLine($"No messages for {agent}.");
            return;
        }

        var table = new Table().AddColumns("id", "from", "pri", "state", "subject / body", "thread", "sent");
        foreach (var m in page.Messages)
        {
            var text = m.Subject is null ? Shorten(m.Body) : $"{m.Subject}: {Shorten(m.Body)}";
            table.AddRow(Plain(m.Id), Plain(m.FromAgentId), Plain(m.Priority.ToString(CultureInfo.InvariantCulture)),
                DeliveryState(m.DeliveryState), Plain(text + (m.ExpectsReply ? " (expects a reply)" : "")),
                Plain(m.ThreadId == m.Id ? "-" : m.ThreadId), Plain(Time(m.CreatedAt)));
        }

        console.Write(table);
        if (page.Offset + page.Messages.Count < page.Total)
        {
            console.WriteLine($"Showing {page.Offset + 1}–{page.Offset + page.Messages.Count} of {page.Total}; use --limit/--offset for more.");
        }

        console.WriteLine("`baton messages show ID` prints a whole message; `messages ack ID` marks it done.");
    }

    public static void MessageDetail(IAnsiConsole console, MessageResponse m)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, IRenderable value) => grid.AddRow(new Markup($"[bold]{name}[/]"), value);
        Row("id", Plain(m.Id));
        Row("from", Plain(m.FromAgentId));
        Row("to", Plain(m.ToAgentId));
        Row("subject", Plain(m.Subject));
        Row("state", DeliveryState(m.DeliveryState));
        Row("priority", Plain(m.Priority.ToString(CultureInfo.InvariantCulture)));
        Row("expects reply", Plain(m.ExpectsReply ? "yes" + (m.ReplyToAgentId is { } to ? $", to {to}" : "") : "no"));
        Row("thread", Plain(m.ThreadId));
        Row("reply to", Plain(m.ReplyTo));
        Row("execution", Plain(m.ExecutionId?.ToString()));
        Row("correlation id", Plain(m.CorrelationId));
        Row("metadata", Plain(Json(m.Metadata)));
        Row("sent", Plain(Time(m.CreatedAt)));
        if (m.SendAt is not null) Row("send at", Plain(Time(m.SendAt)));
        Row("delivered", Plain(Time(m.DeliveredAt)));
        Row("read", Plain(Time(m.ReadAt)));
        Row("acked", Plain(Time(m.AckedAt)));
        Row("expires", Plain(Time(m.ExpiresAt)));
        if (m.PushState is not null) Row("push", Plain(m.PushState + (m.PushError is { } error ? $": {error}" : "")));
        console.Write(grid);
        console.WriteLine();
        console.Write(new Text(m.Body));
        console.WriteLine();
    }

    /// <summary>One line after a change: "Sent msg_… to reviewer (queued, thread msg_…)".</summary>
    public static void MessageLine(IAnsiConsole console, string verb, MessageResponse m, string? to = null)
    {
        console.MarkupLine($"{Markup.Escape(verb)} [bold]{Markup.Escape(m.Id)}[/]" +
                           (to is null ? "" : $" to {Markup.Escape(to)}") +
                           $" ({Markup.Escape(m.DeliveryState)}" + (m.ThreadId == m.Id ? "" : $", thread {Markup.Escape(m.ThreadId)}") + ").");
    }

    private static string Shorten(string body)
    {
        var line = body.ReplaceLineEndings(" ");
        return line.Length <= PreviewLength ? line : line[..(PreviewLength - 1)] + "…";
    }

    private static Markup DeliveryState(string state) => new(state switch
    {
        "queued" or "delivered" => $"[bold]{Markup.Escape(state)}[/]",
        "acked" => "[green]acked[/]",
        "expired" => "[grey]expired[/]",
        _ => Markup.Escape(state),
    });

    private static Markup AgentStatus(string status, DateTimeOffset? deletedAt) => new(deletedAt is not null
        ? "[grey]deleted[/]"
        : status switch
        {
            "online" => "[green]online[/]",
            "away" => "[yellow]away[/]",
            _ => Markup.Escape(status),
        });
}

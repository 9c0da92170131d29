using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Contracts.Messaging;
using Baton.Contracts.Serialization;
using Spectre.Console;

namespace Baton.Cli.Commands.Agents;

/// <summary>The result of a command that returns one agent (create, show).</summary>
internal static class AgentResult
{
    public static CommandResult Of(string? verb, AgentResponse agent) => new()
    {
        Fields = new JsonObject { ["agent"] = WireJson.Node(agent, BatonJson.Default.AgentResponse) },
        Text = console =>
        {
            if (verb is null)
            {
                MessageViews.AgentDetail(console, agent);
                return;
            }

            console.MarkupLine($"{Markup.Escape(verb)} agent [bold]{Markup.Escape(agent.Slug)}[/] ({Markup.Escape(agent.Id)}) {Markup.Escape(agent.DisplayName)}.");
            if (agent.WebhookSecret is { } secret)
            {
                console.WriteLine($"webhook secret: {secret}");
                console.MarkupLine("[yellow]Shown only now: keep it to verify the signatures of pushed messages.[/]");
            }
        },
        QuietLines = [agent.Id],
    };
}

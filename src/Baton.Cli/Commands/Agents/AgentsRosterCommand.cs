using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Commands.Agents;

/// <summary><c>baton agents roster</c>: who is around to talk to.</summary>
public static class AgentsRosterCommand
{
    public static Command Create()
    {
        var command = new Command("roster", "Who can be messaged: each live agent's name (the slug to send to), status, when last seen, and how it takes messages.");
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var roster = await context.Client.GetRosterAsync(ct);
            return new CommandResult
            {
                Fields = (JsonObject)WireJson.Node(roster, BatonJson.Default.RosterResponse),
                Text = console => MessageViews.RosterTable(console, roster),
                QuietLines = [.. roster.Agents.Select(a => a.Name)],
            };
        });
        return command;
    }
}

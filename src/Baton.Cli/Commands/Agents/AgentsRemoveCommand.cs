using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Parsing;
using Spectre.Console;

namespace Baton.Cli.Commands.Agents;

/// <summary><c>baton agents rm AGENT --yes</c>: a soft delete, so it is confirmed.</summary>
public static class AgentsRemoveCommand
{
    public static Command Create()
    {
        var agent = AgentOptions.Reference("agent", "The agent to remove: its slug, agt_ id, or slug@tenant.");
        var yes = new Option<bool>("--yes", "-y") { Description = "Remove without asking; needed when not at a terminal (scripts, --json)." };
        var command = new Command("rm", """
            Remove an agent: it can no longer send or receive messages and leaves the roster. Messages already
            sent keep it as their sender or recipient (`agents ls --include-deleted` still lists it). Asks first unless --yes.
            """)
        {
            agent, yes,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var reference = context.Parse.GetRequiredValue(agent);
            if (!context.Parse.GetValue(yes))
            {
                if (!context.Output.IsInteractive) throw new CliUsageException($"agents rm needs --yes to remove {reference} without asking.");
                if (!await context.Output.Console.ConfirmAsync($"Remove agent {Markup.Escape(reference)}?", defaultValue: false, ct))
                {
                    throw new CliUsageException("Not removed.");
                }
            }

            await context.Client.DeleteAgentAsync(reference, ct);
            return new CommandResult
            {
                Fields = new JsonObject { ["deleted"] = true, ["agent"] = reference },
                Text = console => console.MarkupLine($"Removed agent [bold]{Markup.Escape(reference)}[/]."),
            };
        });
        return command;
    }
}

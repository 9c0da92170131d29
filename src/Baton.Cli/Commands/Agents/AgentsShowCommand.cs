using System.CommandLine;
using Baton.Cli.Invocation;
using Baton.Cli.Parsing;

namespace Baton.Cli.Commands.Agents;

/// <summary><c>baton agents show AGENT</c>: one agent in full.</summary>
public static class AgentsShowCommand
{
    public static Command Create()
    {
        var agent = AgentOptions.Reference("agent", "The agent: its slug, agt_ id, or slug@tenant.");
        var command = new Command("show", "Show one agent in full: slug, id, status, webhook and metadata.") { agent };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
            AgentResult.Of(null, await context.Client.GetAgentAsync(context.Parse.GetRequiredValue(agent), ct)));
        return command;
    }
}

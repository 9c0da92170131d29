using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Commands.Agents;

/// <summary><c>baton agents ls</c>: the account's agents, oldest first.</summary>
public static class AgentsListCommand
{
    public static Command Create()
    {
        var status = ValidatedOptions.OneOf("--status", "Only agents with this status.", "online", "offline", "away");
        var includeDeleted = new Option<bool>("--include-deleted") { Description = "Also list agents removed with `agents rm`." };
        var limit = ValidatedOptions.Int("--limit", "Show at most this many agents (1–100, default 50).", 1, 100);
        var offset = ValidatedOptions.Int("--offset", "Skip this many agents first, to page through.", 0, int.MaxValue);
        var command = new Command("ls", "List agents with their slug (what messages are addressed to), status and delivery (inbox or webhook).")
        {
            status, includeDeleted, limit, offset,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var p = context.Parse;
            var agents = await context.Client.ListAgentsAsync(p.GetValue(status), p.GetValue(includeDeleted), p.GetValue(limit), p.GetValue(offset), ct);
            return new CommandResult
            {
                Fields = (JsonObject)WireJson.Node(agents, BatonJson.Default.AgentListResponse),
                Text = console => MessageViews.AgentTable(console, agents),
                QuietLines = [.. agents.Agents.Select(a => a.Id)],
            };
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Client;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Commands.Tasks;

/// <summary><c>baton show</c>: one task in full, with its outcome, evidence and timeline of events.</summary>
public static class ShowCommand
{
    public static Command Create()
    {
        var id = ValidatedOptions.ExecutionId();
        var command = new Command("show", "Show one task in full: fields, payload, outcome, evidence and its timeline of events.") { id };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var executionId = context.Parse.GetValue(id);
            var execution = await context.Client.GetExecutionAsync(executionId, ct);
            var events = await context.Client.ListEventsAsync(null, new EventQuery { ExecutionId = executionId, Limit = 1000 }, ct: ct);
            return new CommandResult
            {
                Fields = new JsonObject
                {
                    ["execution"] = WireJson.Node(execution, BatonJson.Default.ExecutionResponse),
                    ["timeline"] = WireJson.Array(events.Events, BatonJson.Default.EventResponse),
                },
                Text = console => TextViews.ExecutionDetail(console, execution, events.Events),
                QuietLines = [execution.Status],
            };
        });
        return command;
    }
}

using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Contracts.Executions;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Commands.Tasks;

/// <summary>The result of a command that changed one execution (release, cancel, replay): the execution as it now is.</summary>
internal static class ExecutionChange
{
    public static CommandResult Result(string verb, ExecutionResponse execution) => new()
    {
        Fields = new JsonObject { ["execution"] = WireJson.Node(execution, BatonJson.Default.ExecutionResponse) },
        Text = console => TextViews.ExecutionLine(console, verb, execution),
        QuietLines = [execution.Id.ToString()],
    };
}

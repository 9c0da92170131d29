using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Commands.Runs;

/// <summary><c>baton runs ls</c>: runs with activity, the most recently active first.</summary>
public static class RunsListCommand
{
    public static Command Create()
    {
        var limit = ValidatedOptions.Int("--limit", "Show at most this many runs (1–100).", 1, 100);
        var offset = ValidatedOptions.Int("--offset", "Skip this many runs first, to page through.", 0, int.MaxValue);
        var command = new Command("ls", "List runs with activity, the most recently active first, with their counts.") { limit, offset };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var runs = await context.Client.ListRunsAsync(context.Parse.GetValue(limit), context.Parse.GetValue(offset), ct);
            return new CommandResult
            {
                Fields = (JsonObject)WireJson.Node(runs, BatonJson.Default.RunListResponse),
                Text = console => TextViews.RunTable(console, runs),
                QuietLines = [.. runs.Runs.Select(r => r.RunId)],
            };
        });
        return command;
    }
}

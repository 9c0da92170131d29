using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Commands.Cues;

/// <summary><c>baton cues ls</c>: cues, newest first.</summary>
public static class CuesListCommand
{
    public static Command Create()
    {
        var status = ValidatedOptions.OneOf("--status", "Only cues with this status.", "active", "paused", "completed", "failed");
        var limit = ValidatedOptions.Int("--limit", "Show at most this many cues (1–100, default 50).", 1, 100);
        var offset = ValidatedOptions.Int("--offset", "Skip this many cues first, to page through.", 0, int.MaxValue);
        var command = new Command("ls", "List cues, newest first, with their schedule, status and next run.") { status, limit, offset };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var p = context.Parse;
            var cues = await context.Client.ListCuesAsync(p.GetValue(status), p.GetValue(limit), p.GetValue(offset), ct);
            return new CommandResult
            {
                Fields = (JsonObject)WireJson.Node(cues, BatonJson.Default.CueListResponse),
                Text = console => CueViews.CueTable(console, cues),
                QuietLines = [.. cues.Cues.Select(c => c.Id)],
            };
        });
        return command;
    }
}

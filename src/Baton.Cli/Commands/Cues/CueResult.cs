using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Contracts.Cues;
using Baton.Contracts.Serialization;
using Spectre.Console;

namespace Baton.Cli.Commands.Cues;

/// <summary>The result of a command that returns one cue (create, show, pause, resume).</summary>
internal static class CueResult
{
    public static CommandResult Of(string? verb, CueResponse cue) => new()
    {
        Fields = new JsonObject { ["cue"] = WireJson.Node(cue, BatonJson.Default.CueResponse) },
        Text = console =>
        {
            if (verb is null)
            {
                CueViews.CueDetail(console, cue);
                return;
            }

            console.MarkupLine($"{Markup.Escape(verb)} cue [bold]{Markup.Escape(cue.Id)}[/] {Markup.Escape(cue.Name)} (status {Markup.Escape(cue.Status)}, next run {TextViews.Time(cue.NextRun)}).");
        },
        QuietLines = [cue.Id],
        Warnings = cue.Warning is null ? [] : [cue.Warning],
    };
}

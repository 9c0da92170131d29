using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Contracts.Cues;
using Baton.Contracts.Serialization;
using Spectre.Console;

namespace Baton.Cli.Commands.Cues;

/// <summary><c>baton cues fire ID</c>: one execution of the cue now (or at --send-at).</summary>
public static class CuesFireCommand
{
    public static Command Create()
    {
        var id = CueIdArgument.Create();
        var payloadOverride = ValidatedOptions.JsonObject("--payload-override", "Payload fields for this execution, merged into the cue's payload (or replacing it).");
        var mergeStrategy = ValidatedOptions.OneOf("--merge-strategy", "How --payload-override combines with the cue's payload (default merge).", "merge", "replace");
        var sendAt = ValidatedOptions.SendAt("Not claimable before this time: ISO-8601 or relative (+30s, +5m, +2h, +1d).");
        var idempotencyKey = ValidatedOptions.Text("--idempotency-key", "Firing again with the same key within 24 h returns the first execution.", 256, "key");
        var command = new Command("fire", "Fire a cue now: one execution from its template; prints the execution id.")
        {
            id, payloadOverride, mergeStrategy, sendAt, idempotencyKey,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var p = context.Parse;
            var fired = await context.Client.FireCueAsync(p.GetRequiredValue(id), new FireCueRequest
            {
                PayloadOverride = p.GetValue(payloadOverride),
                MergeStrategy = p.GetValue(mergeStrategy),
                SendAt = p.GetValue(sendAt),
                IdempotencyKey = p.GetValue(idempotencyKey),
            }, ct);
            return new CommandResult
            {
                Fields = new JsonObject { ["fired"] = WireJson.Node(fired, BatonJson.Default.FireCueResponse) },
                Text = console => console.MarkupLine(
                    $"Fired cue {Markup.Escape(fired.CueId)}: execution [bold]{fired.Id}[/] ({TextViews.StatusMarkup(fired.Status)}, scheduled for {TextViews.Time(fired.ScheduledFor)})."),
                QuietLines = [fired.Id.ToString()],
            };
        });
        return command;
    }
}

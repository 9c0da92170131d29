using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Spectre.Console;

namespace Baton.Cli.Commands.Cues;

/// <summary><c>baton cues delete ID --yes</c>: deleting cannot be undone, so it is confirmed.</summary>
public static class CuesDeleteCommand
{
    public static Command Create()
    {
        var id = CueIdArgument.Create();
        var yes = new Option<bool>("--yes", "-y") { Description = "Delete without asking; needed when not at a terminal (scripts, --json)." };
        var command = new Command("delete", "Delete a cue for good; it stops firing. Asks first unless --yes.") { id, yes };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var cueId = context.Parse.GetRequiredValue(id);
            if (!context.Parse.GetValue(yes))
            {
                if (!context.Output.IsInteractive) throw new CliUsageException($"cues delete needs --yes to delete {cueId} without asking.");
                if (!await context.Output.Console.ConfirmAsync($"Delete cue {Markup.Escape(cueId)} for good?", defaultValue: false, ct))
                {
                    throw new CliUsageException("Not deleted.");
                }
            }

            await context.Client.DeleteCueAsync(cueId, ct);
            return new CommandResult
            {
                Fields = new JsonObject { ["deleted"] = true, ["cue_id"] = cueId },
                Text = console => console.MarkupLine($"Deleted cue [bold]{Markup.Escape(cueId)}[/]."),
            };
        });
        return command;
    }
}

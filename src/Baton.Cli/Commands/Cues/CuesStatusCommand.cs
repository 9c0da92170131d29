using System.CommandLine;
using Baton.Cli.Invocation;

namespace Baton.Cli.Commands.Cues;

/// <summary><c>baton cues pause ID</c> and <c>baton cues resume ID</c>.</summary>
public static class CuesStatusCommand
{
    public static Command Create(string name, string status, string description)
    {
        var id = CueIdArgument.Create();
        var command = new Command(name, description) { id };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var cueId = context.Parse.GetRequiredValue(id);
            var cue = status == "paused"
                ? await context.Client.PauseCueAsync(cueId, ct)
                : await context.Client.ResumeCueAsync(cueId, ct);
            return CueResult.Of(status == "paused" ? "Paused" : "Resumed", cue);
        });
        return command;
    }
}

using System.CommandLine;
using Baton.Cli.Invocation;
using Baton.Cli.Parsing;

namespace Baton.Cli.Commands.Cues;

/// <summary><c>baton cues show ID</c>: one cue with its recent executions.</summary>
public static class CuesShowCommand
{
    public static Command Create()
    {
        var id = CueIdArgument.Create();
        var executions = ValidatedOptions.Int("--executions", "How many of its most recent executions to list (1–100).", 1, 100);
        var command = new Command("show", "Show one cue in full with its most recent executions.") { id, executions };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
            CueResult.Of(null, await context.Client.GetCueAsync(context.Parse.GetRequiredValue(id), context.Parse.GetValue(executions), ct: ct)));
        return command;
    }
}

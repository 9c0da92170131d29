using System.CommandLine;
using Baton.Cli.Invocation;
using Baton.Cli.Parsing;

namespace Baton.Cli.Commands.Tasks;

/// <summary><c>baton replay</c>: run a finished task again as a new one.</summary>
public static class ReplayCommand
{
    public static Command Create()
    {
        var id = ValidatedOptions.ExecutionId();
        var command = new Command("replay", "Run a finished task again: a new task with the same fields, triggered_by replay. Prints the new id.") { id };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
            ExecutionChange.Result("Replayed as", await context.Client.ReplayAsync(context.Parse.GetValue(id), ct)));
        return command;
    }
}

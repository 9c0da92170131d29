using System.CommandLine;
using Baton.Cli.Invocation;
using Baton.Cli.Parsing;

namespace Baton.Cli.Commands.Tasks;

/// <summary><c>baton release</c>: hand a claimed task back without using up an attempt.</summary>
public static class ReleaseCommand
{
    public static Command Create()
    {
        var id = ValidatedOptions.ExecutionId();
        var workerId = ValidatedOptions.WorkerId(required: true);
        var claimToken = ClaimTokenOption.Create();
        var command = new Command("release", "Give a claimed task back to the queue without failing it; the attempt is not counted.")
        {
            id, workerId, claimToken,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var p = context.Parse;
            var execution = await context.Client.ReleaseAsync(p.GetValue(id), p.GetRequiredValue(workerId), p.GetValue(claimToken), ct);
            return ExecutionChange.Result("Released", execution);
        });
        return command;
    }
}

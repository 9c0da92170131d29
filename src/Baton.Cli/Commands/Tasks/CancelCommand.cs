using System.CommandLine;
using Baton.Cli.Invocation;
using Baton.Cli.Parsing;
using Baton.Contracts.Executions;

namespace Baton.Cli.Commands.Tasks;

/// <summary><c>baton cancel</c>: stop a task that has not finished; its worker learns at the next heartbeat.</summary>
public static class CancelCommand
{
    public static Command Create()
    {
        var id = ValidatedOptions.ExecutionId();
        var reason = ValidatedOptions.Text("--reason", "Why the task is cancelled; shown by show and in the task's events.", 500);
        var force = new Option<bool>("--force") { Description = "Cancel even while another worker holds the claim (it gets execution_cancelled on its next heartbeat)." };
        var workerId = ValidatedOptions.WorkerId(required: false);
        workerId.Description = "Cancel as the worker holding the claim (no --force needed then).";
        var command = new Command("cancel", "Cancel a task that has not finished. A claimed task needs --force or its claimer's --worker-id.")
        {
            id, reason, force, workerId,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var p = context.Parse;
            var request = new CancelExecutionRequest { Reason = p.GetValue(reason), Force = p.GetValue(force) ? true : null };
            var execution = await context.Client.CancelAsync(p.GetValue(id), request, p.GetValue(workerId), ct);
            return ExecutionChange.Result("Cancelled", execution);
        });
        return command;
    }
}

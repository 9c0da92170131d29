using System.CommandLine;
using Baton.Cli.Invocation;
using Baton.Cli.Parsing;
using Baton.Contracts.Executions;

namespace Baton.Cli.Commands.Tasks;

/// <summary><c>baton fail</c>: report failure; with attempts left the task retries unless <c>--no-retry</c>.</summary>
public static class FailCommand
{
    public static Command Create()
    {
        var id = ValidatedOptions.ExecutionId();
        var workerId = ValidatedOptions.WorkerId(required: true);
        var claimToken = ClaimTokenOption.Create();
        var error = ValidatedOptions.Text("--error", "What went wrong (≤ 2000 characters).", 2000, "message");
        error.Required = true;
        var noRetry = new Option<bool>("--no-retry") { Description = "Make the failure final even if attempts are left (retryable: false)." };
        var metadata = ValidatedOptions.JsonObject("--metadata", "Extra facts about the failure as a JSON object (≤ 10 KiB).");

        var command = new Command("fail", "Report that a claimed task failed; it retries after the backoff while attempts are left, unless --no-retry.")
        {
            id, workerId, claimToken, error, noRetry, metadata,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, (context, ct) =>
        {
            var p = context.Parse;
            var outcome = new RecordOutcomeRequest
            {
                Success = false,
                Error = p.GetValue(error),
                Metadata = p.GetValue(metadata),
                Retryable = p.GetValue(noRetry) ? false : null,
            };
            return OutcomeReport.SendAsync(context, p.GetValue(id), outcome, p.GetRequiredValue(workerId), p.GetValue(claimToken), ct);
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Contracts.Serialization;
using Spectre.Console;

namespace Baton.Cli.Commands.Tasks;

/// <summary><c>baton wait</c>: block until a task finishes; the exit code says how it ended.</summary>
public static class WaitCommand
{
    /// <summary>Without --timeout a wait has no practical limit; each request still long-polls at most 60 s.</summary>
    private static readonly TimeSpan NoTimeout = TimeSpan.FromDays(3650);

    public static Command Create()
    {
        var id = ValidatedOptions.ExecutionId();
        var timeout = ValidatedOptions.Int("--timeout", "Give up after this many seconds with exit 4 (default: wait until the task finishes).", 0, int.MaxValue, "seconds");
        var command = new Command("wait", "Wait until a task finishes, without polling: exit 0 on success, 1 on failed/missed/cancelled, 4 when --timeout passes first.")
        {
            id, timeout,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var limit = context.Parse.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : NoTimeout;
            var executionId = context.Parse.GetValue(id);
            var execution = await LiveWait.RunAsync(context.Output, limit,
                (slice, token) => context.Client.WaitForExecutionAsync(executionId, slice, token),
                e => e.Status is "success" or "failed" or "missed" or "cancelled",
                e => $"waiting for {TextViews.ShortId(executionId)}: {e?.Status ?? "…"}", ct);
            var (exitCode, state) = execution.Status switch
            {
                "success" => (ExitCodes.Success, execution.Status),
                "failed" or "missed" or "cancelled" => (ExitCodes.UserError, execution.Status),
                _ => (ExitCodes.WaitTimedOut, "timeout"),
            };
            return new CommandResult
            {
                ExitCode = exitCode,
                Fields = new JsonObject
                {
                    ["status"] = state,
                    ["timed_out"] = exitCode == ExitCodes.WaitTimedOut,
                    ["execution"] = WireJson.Node(execution, BatonJson.Default.ExecutionResponse),
                },
                Text = console => console.MarkupLine(exitCode == ExitCodes.WaitTimedOut
                    ? $"Timed out: [bold]{execution.Id}[/] is still {TextViews.StatusMarkup(execution.Status)}."
                    : $"[bold]{execution.Id}[/] finished: {TextViews.StatusMarkup(execution.Status)}" +
                      (execution.Outcome?.Result is { } r ? $" — {Markup.Escape(r)}" : "") +
                      ((execution.Outcome?.Error ?? execution.ErrorMessage) is { } error ? $" — {Markup.Escape(error)}" : "")),
                QuietLines = [state],
            };
        });
        return command;
    }
}

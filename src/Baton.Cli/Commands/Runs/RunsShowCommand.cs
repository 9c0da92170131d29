using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Commands.Runs;

/// <summary><c>baton runs show RUN [--wait S]</c>: a run's counts, optionally after waiting for it to finish.</summary>
public static class RunsShowCommand
{
    public static Command Create()
    {
        var runId = new Argument<string>("run") { Description = "The run id the tasks were enqueued with (--run-id)." };
        runId.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } v && (v.Length == 0 || v.Length > ValidatedOptions.RunIdMaxLength))
            {
                r.AddError($"The run id must be 1 to {ValidatedOptions.RunIdMaxLength} characters long, not {v.Length}.");
            }
        });
        var wait = ValidatedOptions.Int("--wait", "Wait up to this many seconds for every task of the run to finish; exit 4 if they have not.", 0, int.MaxValue, "seconds");
        var command = new Command("show", "Show a run: its tasks counted by status and whether all are done. With --wait, block until done (exit 4 on timeout).")
        {
            runId, wait,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var id = context.Parse.GetRequiredValue(runId);
            var waitSeconds = context.Parse.GetValue(wait);
            var run = waitSeconds is { } seconds
                ? await LiveWait.RunAsync(context.Output, TimeSpan.FromSeconds(seconds),
                    (slice, token) => context.Client.WaitForRunAsync(id, slice, token), r => r.Done,
                    r => $"run {id}: " + (r is null ? "…" : TextViews.CountsLine(r.Counts)), ct)
                : await context.Client.GetRunAsync(id, ct: ct);
            var timedOut = waitSeconds is not null && !run.Done;
            return new CommandResult
            {
                ExitCode = timedOut ? ExitCodes.WaitTimedOut : ExitCodes.Success,
                Fields = new JsonObject
                {
                    ["timed_out"] = timedOut,
                    ["run"] = WireJson.Node(run, BatonJson.Default.RunResponse),
                },
                Text = console => TextViews.Run(console, run),
                QuietLines = [run.Done ? "done" : "running"],
            };
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Contracts.Executions;
using Baton.Contracts.Serialization;
using Spectre.Console;

namespace Baton.Cli.Commands.Tasks;

/// <summary><c>baton claim</c>: take the next task(s) under a lease; an empty queue is exit 1 with status "empty".</summary>
public static class ClaimCommand
{
    public static Command Create()
    {
        var workerId = ValidatedOptions.WorkerId(required: true);
        workerId.Description = "Who is claiming (1–255 characters); heartbeat, complete, fail and release must name the same worker.";
        var tasks = new Option<string[]>("--task")
        {
            Description = "Only tasks with this handler name; repeat for any of several.",
            HelpName = "task",
        };
        var queue = ValidatedOptions.Queue("Only tasks in this queue.");
        var runId = ValidatedOptions.RunId("Only tasks of this run.");
        var agent = ValidatedOptions.Text("--agent", "Only tasks meant for this agent.", 255, "agent");
        var tag = new Option<string[]>("--tag") { Description = "Only tasks carrying this tag; repeat to require several.", HelpName = "tag" };
        var lease = ValidatedOptions.Int("--lease", "Seconds the claim lasts before it expires unless heartbeated (1–86400; server default 900).", 1, 86_400, "seconds");
        var wait = ValidatedOptions.Int("--wait", "Seconds to wait for a task when none is claimable yet (0–60); the server wakes the claim the moment one arrives.", 0, 60, "seconds");
        var limit = ValidatedOptions.Int("--limit", "Claim up to this many tasks at once (1–100, default 1).", 1, 100);

        var command = new Command("claim", "Claim the next claimable task(s) and print each with its claim token; exit 1 with status \"empty\" when there is none.")
        {
            workerId, tasks, queue, runId, agent, tag, lease, wait, limit,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var p = context.Parse;
            var taskList = p.GetValue(tasks) ?? [];
            var request = new ClaimExecutionsRequest
            {
                WorkerId = p.GetRequiredValue(workerId),
                Task = taskList.Length == 1 ? taskList[0] : null,
                Tasks = taskList.Length > 1 ? taskList : null,
                Queue = p.GetValue(queue),
                RunId = p.GetValue(runId),
                Agent = p.GetValue(agent),
                Tags = p.GetValue(tag) is { Length: > 0 } tags ? tags : null,
                LeaseSeconds = p.GetValue(lease),
                WaitSeconds = p.GetValue(wait),
                Limit = p.GetValue(limit),
            };
            var claim = await context.Client.TryClaimAsync(request, ct);
            if (claim is null)
            {
                return new CommandResult
                {
                    ExitCode = ExitCodes.UserError,
                    Fields = new JsonObject { ["status"] = "empty", ["claimed"] = false, ["executions"] = new JsonArray() },
                    Text = console => console.WriteLine("Nothing to claim: no claimable task matches."),
                };
            }

            IReadOnlyList<ClaimedExecutionResponse> claims = claim.Executions ??
            [
                new ClaimedExecutionResponse
                {
                    ExecutionId = claim.ExecutionId,
                    ClaimToken = claim.ClaimToken,
                    LeaseExpiresAt = claim.LeaseExpiresAt,
                    Execution = claim.Execution,
                },
            ];
            return new CommandResult
            {
                Fields = new JsonObject
                {
                    ["status"] = "claimed",
                    ["claimed"] = true,
                    ["execution_id"] = claim.ExecutionId.ToString(),
                    ["claim_token"] = claim.ClaimToken,
                    ["lease_seconds"] = claim.LeaseSeconds,
                    ["lease_expires_at"] = WireJson.Node(claim.LeaseExpiresAt, BatonJson.Default.DateTimeOffset),
                    ["execution"] = WireJson.Node(claim.Execution, BatonJson.Default.ExecutionResponse),
                    ["executions"] = WireJson.Array(claims, BatonJson.Default.ClaimedExecutionResponse),
                },
                Text = console => TextViews.Claims(console, claims),
                QuietLines = [.. claims.Select(c => $"{c.ExecutionId} {c.ClaimToken}")],
            };
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Contracts.Executions;
using Baton.Contracts.Serialization;
using Spectre.Console;

namespace Baton.Cli.Commands.Tasks;

/// <summary><c>baton heartbeat</c>: extend the lease of a claimed task and optionally report progress.</summary>
public static class HeartbeatCommand
{
    public static Command Create()
    {
        var id = ValidatedOptions.ExecutionId();
        var workerId = ValidatedOptions.WorkerId(required: true);
        var claimToken = ClaimTokenOption.Create();
        var lease = ValidatedOptions.Int("--lease", "Extend the lease to this many seconds from now (1–86400; default: the claim's lease).", 1, 86_400, "seconds");
        var progress = ValidatedOptions.JsonObject("--progress", "Progress to record with the heartbeat, a JSON object such as {\"percent\":50}.");

        var command = new Command("heartbeat", "Tell the server the worker is still on the task: extends its lease. Exit 1 with claim_lost or execution_cancelled means stop working.")
        {
            id, workerId, claimToken, lease, progress,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var p = context.Parse;
            var response = await context.Client.HeartbeatAsync(p.GetValue(id), p.GetRequiredValue(workerId), p.GetValue(claimToken),
                new ExecutionHeartbeatRequest { LeaseSeconds = p.GetValue(lease), Progress = p.GetValue(progress) }, ct);
            return new CommandResult
            {
                Fields = new JsonObject { ["heartbeat"] = WireJson.Node(response, BatonJson.Default.ExecutionHeartbeatResponse) },
                Text = console => console.WriteLine($"Lease of {response.ExecutionId} extended until {TextViews.Time(response.LeaseExtendedUntil)}."),
            };
        });
        return command;
    }
}

using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Contracts.Executions;
using Baton.Contracts.Serialization;
using Spectre.Console;

namespace Baton.Cli.Commands.Tasks;

/// <summary>Sends an outcome for <c>complete</c> and <c>fail</c> and describes what the server did with it.</summary>
internal static class OutcomeReport
{
    public static async Task<CommandResult> SendAsync(
        ClientContext context, Guid id, RecordOutcomeRequest outcome, string workerId, string? claimToken, CancellationToken ct)
    {
        var recorded = await context.Client.RecordOutcomeAsync(id, outcome, workerId, claimToken, ct);
        return new CommandResult
        {
            Fields = new JsonObject { ["outcome"] = WireJson.Node(recorded, BatonJson.Default.OutcomeRecordedResponse) },
            Text = console => console.MarkupLine(
                $"Recorded {(outcome.Success == true ? "success" : "failure")} for [bold]{recorded.ExecutionId}[/]: now {TextViews.StatusMarkup(recorded.Status)}" +
                (recorded.OutcomeState is null ? "" : $" ({Markup.Escape(recorded.OutcomeState)})") +
                (recorded.NextRetry is { } next ? $", retry after {TextViews.Time(next)}" : "") + "."),
        };
    }
}

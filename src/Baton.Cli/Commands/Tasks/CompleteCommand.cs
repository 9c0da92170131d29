using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Parsing;
using Baton.Contracts.Executions;

namespace Baton.Cli.Commands.Tasks;

/// <summary><c>baton complete</c>: report success with a result and evidence.</summary>
public static class CompleteCommand
{
    public static Command Create()
    {
        var id = ValidatedOptions.ExecutionId();
        var workerId = ValidatedOptions.WorkerId(required: true);
        var claimToken = ClaimTokenOption.Create();
        var result = ValidatedOptions.Text("--result", "The result, as text or JSON (≤ 2000 characters).", 2000);
        var metadata = ValidatedOptions.JsonObject("--metadata", "Extra facts about the run as a JSON object (≤ 10 KiB), e.g. {\"model\":\"small\"}.");
        var externalId = ValidatedOptions.Text("--external-id", "Evidence: the id of what the work produced elsewhere (a PR number, a ticket).", 500, "id");
        var resultUrl = new Option<string?>("--result-url") { Description = "Evidence: an http(s) URL where the result can be seen.", HelpName = "url" };
        resultUrl.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } u &&
                !(Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            {
                r.AddError($"--result-url must be an absolute http:// or https:// URL, not '{u}'.");
            }
        });
        var resultRef = ValidatedOptions.Text("--result-ref", "Evidence: a reference to the result (a commit, a path).", 500, "ref");
        var resultType = ValidatedOptions.Text("--result-type", "Evidence: what kind of result this is (pr, report, …).", 100, "type");
        var summary = ValidatedOptions.Text("--summary", "Evidence: one sentence on what was done (≤ 500 characters).", 500);
        var artifacts = new Option<string[]>("--artifact") { Description = "Evidence: a produced artifact (a path or URL); repeat for several.", HelpName = "artifact" };

        var command = new Command("complete", "Report that a claimed task succeeded, with its result and evidence.")
        {
            id, workerId, claimToken, result, metadata, externalId, resultUrl, resultRef, resultType, summary, artifacts,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, (context, ct) =>
        {
            var p = context.Parse;
            var outcome = new RecordOutcomeRequest
            {
                Success = true,
                Result = p.GetValue(result),
                Metadata = p.GetValue(metadata),
                ExternalId = p.GetValue(externalId),
                ResultUrl = p.GetValue(resultUrl),
                ResultRef = p.GetValue(resultRef),
                ResultType = p.GetValue(resultType),
                Summary = p.GetValue(summary),
                Artifacts = p.GetValue(artifacts) is { Length: > 0 } a
                    ? JsonDocument.Parse(new JsonArray([.. a.Select(x => (JsonNode)JsonValue.Create(x))]).ToJsonString()).RootElement.Clone()
                    : null,
            };
            return OutcomeReport.SendAsync(context, p.GetValue(id), outcome, p.GetRequiredValue(workerId), p.GetValue(claimToken), ct);
        });
        return command;
    }
}

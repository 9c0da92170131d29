using Baton.Contracts.Executions;
using Baton.Contracts.Serialization;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Baton.Server.Http;
using Baton.Server.Validation;

namespace Baton.Server.Endpoints;

/// <summary>Reporting what the work came to: one outcome, or a batch recorded in one transaction.</summary>
internal static class OutcomeEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/executions").WithTags("Outcomes");

        group.MapPost("/{id}/outcome", RecordOutcomeAsync)
            .AcceptsJson<RecordOutcomeRequest>()
            .Produces<OutcomeRecordedResponse>()
            .ProducesErrors(400, 401, 403, 404, 409, 413, 422, 429)
            .WithSummary("Report the outcome with evidence; the final outcome is written once.");

        group.MapPost("/outcomes", RecordOutcomesAsync)
            .AcceptsJson<RecordOutcomesRequest>()
            .Produces<RecordOutcomesResponse>()
            .ProducesErrors(400, 401, 413, 422, 429)
            .WithSummary("Report up to 100 outcomes in one transaction; each item succeeds or fails on its own.");
    }

    private static async Task<IResult> RecordOutcomeAsync(string id, HttpContext http, ExecutionService executions)
    {
        var executionId = PathIds.ExecutionId(id);
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.RecordOutcomeRequest);
        var errors = new RequestErrors();
        var report = ExecutionRequests.ToOutcome(body, executionId, IdentityHeaders.WorkerId(http.Request),
            IdentityHeaders.ClaimToken(http.Request), "", errors);
        errors.ThrowIfAny();

        var result = (await executions.RecordOutcomesAsync(http.TenantId(), [report], http.RequestAborted))[0];
        if (result.Error is { } error) throw error;
        var execution = result.Execution!;
        var response = new OutcomeRecordedResponse
        {
            ExecutionId = execution.Id,
            OutcomeRecorded = true,
            OutcomeState = execution.OutcomeState,
            Status = execution.Status.ToName(),
            NextRetry = execution.Status == ExecutionStatus.Retrying ? execution.NextRetry : null,
        };
        return TypedResults.Json(response, BatonJson.Default.OutcomeRecordedResponse);
    }

    private static async Task<IResult> RecordOutcomesAsync(HttpContext http, ExecutionService executions)
    {
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.RecordOutcomesRequest);
        var workerId = IdentityHeaders.WorkerId(http.Request);
        var errors = new RequestErrors();
        errors.Required("outcomes", body.Outcomes);
        var items = body.Outcomes ?? [];
        if (body.Outcomes is not null && items.Count is 0 or > Limits.MaxOutcomeBatch)
        {
            errors.Add("outcomes", $"must have between 1 and {Limits.MaxOutcomeBatch} items.");
        }

        var reports = new List<OutcomeReport>(items.Count);
        for (var i = 0; i < items.Count && i < Limits.MaxOutcomeBatch; i++)
        {
            var prefix = $"outcomes[{i}].";
            if (items[i] is not { } item)
            {
                errors.Add($"outcomes[{i}]", "must be a JSON object.");
                continue;
            }

            errors.Required(prefix + "execution_id", item.ExecutionId);
            errors.Length(prefix + "claim_token", item.ClaimToken, Limits.NameLength, min: 1);
            reports.Add(ExecutionRequests.ToOutcome(
                item, item.ExecutionId ?? Guid.Empty, workerId, item.ClaimToken, prefix, errors));
        }

        errors.ThrowIfAny();
        var results = await executions.RecordOutcomesAsync(http.TenantId(), reports, http.RequestAborted);
        var response = new RecordOutcomesResponse { Results = [.. results.Select(ToResult)] };
        return TypedResults.Json(response, BatonJson.Default.RecordOutcomesResponse);
    }

    private static BatchOutcomeResult ToResult(OutcomeResult result) =>
        result is { Error: { } error }
            ? new BatchOutcomeResult { ExecutionId = result.ExecutionId, Error = new BatchOutcomeError(error.Code, error.Message) }
            : new BatchOutcomeResult
            {
                ExecutionId = result.ExecutionId,
                OutcomeRecorded = true,
                OutcomeState = result.Execution!.OutcomeState,
                Status = result.Execution.Status.ToName(),
                NextRetry = result.Execution.Status == ExecutionStatus.Retrying ? result.Execution.NextRetry : null,
            };
}

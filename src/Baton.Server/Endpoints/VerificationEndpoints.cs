using Baton.Contracts.Executions;
using Baton.Contracts.Serialization;
using Baton.Core.Executions;
using Baton.Server.Http;
using Baton.Server.Validation;

namespace Baton.Server.Endpoints;

/// <summary>
/// Verification of a finished execution's outcome: verify, park for verification, late evidence. They change only
/// the verification fields (docs/state-machine.md); the state rules are <see cref="ExecutionRules"/>' (docs/state-machine.md).
/// </summary>
internal static class VerificationEndpoints
{
    private const int ReasonLength = 500;

    public static void Map(RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/executions").WithTags("Verification");

        group.MapPost("/{id}/verify", VerifyAsync)
            .AcceptsJson<VerifyExecutionRequest>()
            .Produces<VerifyExecutionResponse>()
            .ProducesErrors(400, 401, 404, 409, 413, 422, 429)
            .WithSummary("Verify a successful outcome (valid, default true) or reject it; 409 invalid_state unless it finished as success with an outcome.");

        group.MapPost("/{id}/verification-pending", MarkPendingAsync)
            .Produces<VerificationPendingResponse>()
            .ProducesErrors(400, 401, 404, 409, 413, 429)
            .WithSummary("Park a reported success until someone verifies it; 409 no_outcome before the final outcome.");

        group.MapPatch("/{id}/evidence", UpdateEvidenceAsync)
            .AcceptsJson<UpdateEvidenceRequest>()
            .Produces<EvidenceUpdatedResponse>()
            .ProducesErrors(400, 401, 404, 409, 413, 422, 429)
            .WithSummary("Add evidence after the outcome; under a require_* mode it can turn verification_failed into verified_success.");
    }

    private static async Task<IResult> VerifyAsync(string id, HttpContext http, VerificationService verification)
    {
        var executionId = PathIds.ExecutionId(id);
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.VerifyExecutionRequest);
        var errors = new RequestErrors();
        errors.Length("reason", body.Reason, ReasonLength);
        errors.ThrowIfAny();

        var valid = body.Valid ?? true;
        var execution = await verification.VerifyAsync(http.TenantId(), executionId, valid, body.Reason, http.RequestAborted);
        var response = new VerifyExecutionResponse
        {
            ExecutionId = execution.Id,
            OutcomeState = execution.OutcomeState!,
            Valid = valid,
            Reason = body.Reason,
        };
        return TypedResults.Json(response, BatonJson.Default.VerifyExecutionResponse);
    }

    private static async Task<IResult> MarkPendingAsync(string id, HttpContext http, VerificationService verification)
    {
        var executionId = PathIds.ExecutionId(id);
        await JsonBody.EnsureWellFormedAsync(http);
        var execution = await verification.MarkPendingAsync(http.TenantId(), executionId, http.RequestAborted);
        var response = new VerificationPendingResponse { ExecutionId = execution.Id, OutcomeState = execution.OutcomeState! };
        return TypedResults.Json(response, BatonJson.Default.VerificationPendingResponse);
    }

    private static async Task<IResult> UpdateEvidenceAsync(string id, HttpContext http, VerificationService verification)
    {
        var executionId = PathIds.ExecutionId(id);
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.UpdateEvidenceRequest);
        var errors = new RequestErrors();
        var evidence = ExecutionRequests.ToEvidence(body.ExternalId, body.ResultUrl, body.ResultRef, body.ResultType,
            body.Summary, body.Artifacts, "", errors);
        if (evidence.IsEmpty) errors.Add("body", "must set at least one evidence field.");
        errors.ThrowIfAny();

        var execution = await verification.UpdateEvidenceAsync(http.TenantId(), executionId, evidence, http.RequestAborted);
        var response = new EvidenceUpdatedResponse
        {
            ExecutionId = execution.Id,
            OutcomeState = execution.OutcomeState,
            EvidenceUpdated = true,
        };
        return TypedResults.Json(response, BatonJson.Default.EvidenceUpdatedResponse);
    }
}

using Baton.Contracts.Executions;
using Baton.Contracts.Serialization;
using Baton.Core;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Baton.Server.Http;
using Baton.Server.Mapping;
using Baton.Server.Validation;

namespace Baton.Server.Endpoints;

/// <summary>Claiming work and holding it: claim-next (with long-poll), claim by id, and the lease heartbeat.</summary>
internal static class ClaimEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/executions").WithTags("Claims");

        group.MapPost("/claim", ClaimNextAsync)
            .AcceptsJson<ClaimExecutionsRequest>()
            .Produces<ClaimResponse>()
            .ProducesErrors(400, 401, 409, 413, 422, 429)
            .WithSummary("Claim the next matching executions, waiting up to wait_seconds for work to arrive.");

        group.MapPost("/{id}/claim", ClaimByIdAsync)
            .AcceptsJson<ClaimByIdRequest>()
            .Produces<ClaimResponse>()
            .ProducesErrors(400, 401, 404, 409, 413, 422, 429)
            .WithSummary("Claim one named execution.");

        group.MapPost("/{id}/heartbeat", HeartbeatAsync)
            .AcceptsJson<ExecutionHeartbeatRequest>()
            .Produces<ExecutionHeartbeatResponse>()
            .ProducesErrors(400, 401, 403, 404, 409, 413, 422, 429)
            .WithSummary("Extend the lease; X-Worker-Id must name the claimer.");
    }

    private static async Task<IResult> ClaimNextAsync(
        HttpContext http, ExecutionService executions, IHostApplicationLifetime lifetime)
    {
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.ClaimExecutionsRequest);
        var request = ExecutionRequests.ToClaim(body);

        var claimed = await executions.ClaimForCallerAsync(
            http.TenantId(), request, http.RequestAborted, lifetime.ApplicationStopping);
        if (claimed is null) return Results.Empty; // the caller left: nothing to write to a closed connection
        if (claimed.Count == 0) throw Errors.ClaimFailed();
        return ClaimResult(claimed, request.LeaseSeconds, listAll: request.Limit > 1);
    }

    private static async Task<IResult> ClaimByIdAsync(string id, HttpContext http, ExecutionService executions)
    {
        var executionId = PathIds.ExecutionId(id);
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.ClaimByIdRequest);
        ExecutionRequests.CheckClaimById(body);
        var claimed = await executions.ClaimByIdAsync(
            http.TenantId(), executionId, body.WorkerId!, body.LeaseSeconds, http.RequestAborted);
        return ClaimResult([claimed], body.LeaseSeconds, listAll: false);
    }

    private static async Task<IResult> HeartbeatAsync(string id, HttpContext http, ExecutionService executions)
    {
        var executionId = PathIds.ExecutionId(id);
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.ExecutionHeartbeatRequest);
        var progress = ExecutionRequests.CheckHeartbeat(body);
        var execution = await executions.HeartbeatAsync(
            new HeartbeatExecutionParams(http.TenantId(), executionId, IdentityHeaders.WorkerId(http.Request),
                IdentityHeaders.ClaimToken(http.Request), body.LeaseSeconds, progress),
            http.RequestAborted);
        var response = new ExecutionHeartbeatResponse
        {
            ExecutionId = execution.Id,
            LeaseExtendedUntil = execution.LeaseExpiresAt ?? throw new InvalidOperationException("A heartbeat left no lease."),
            Acknowledged = true,
        };
        return TypedResults.Json(response, BatonJson.Default.ExecutionHeartbeatResponse);
    }

    private static IResult ClaimResult(IReadOnlyList<Execution> claimed, int? requestedLease, bool listAll)
    {
        var first = claimed[0].ToClaimed();
        var response = new ClaimResponse
        {
            Claimed = true,
            ExecutionId = first.ExecutionId,
            LeaseSeconds = claimed[0].LeaseSeconds ?? requestedLease ?? BatonOptions.DefaultLeaseSeconds,
            ClaimToken = first.ClaimToken,
            LeaseExpiresAt = first.LeaseExpiresAt,
            Execution = first.Execution,
            Executions = listAll ? [first, .. claimed.Skip(1).Select(e => e.ToClaimed())] : null,
        };
        return TypedResults.Json(response, BatonJson.Default.ClaimResponse);
    }
}

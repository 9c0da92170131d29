using Baton.Contracts.Serialization;
using Baton.Contracts.Workers;
using Baton.Core.Workers;
using Baton.Server.Http;
using Baton.Server.Validation;

namespace Baton.Server.Endpoints;

/// <summary>Worker liveness: heartbeat (which also extends the worker's leases), list, forget.</summary>
internal static class WorkerEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/worker/heartbeat", HeartbeatAsync)
            .WithTags("Workers")
            .AcceptsJson<WorkerHeartbeatRequest>()
            .Produces<WorkerHeartbeatResponse>()
            .ProducesErrors(400, 401, 413, 422, 429)
            .WithSummary("Register or refresh a worker; extends the leases of everything it holds.");

        v1.MapGet("/workers", ListAsync)
            .WithTags("Workers")
            .Produces<WorkerListResponse>()
            .ProducesErrors(401, 429)
            .WithSummary("The tenant's workers and how recently each was heard from.");

        v1.MapDelete("/workers/{workerId}", DeleteAsync)
            .WithTags("Workers")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesErrors(401, 404, 429)
            .WithSummary("Forget a worker.");
    }

    private static async Task<IResult> HeartbeatAsync(HttpContext http, WorkerService workers)
    {
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.WorkerHeartbeatRequest);
        var errors = new RequestErrors();
        ExecutionRequests.WorkerId(errors, "worker_id", body.WorkerId);
        errors.StringList("handlers", body.Handlers, Limits.MaxHandlers, Limits.NameLength);
        errors.Length("version", body.Version, Limits.VersionLength);
        errors.Length("host", body.Host, Limits.NameLength);
        if (body.State is not null && !WorkerStates.All.Contains(body.State))
        {
            errors.Add("state", $"must be one of {string.Join(", ", WorkerStates.All)}.");
        }

        if (body.Holding is { Count: > Limits.MaxHolding })
        {
            errors.Add("holding", $"must list at most {Limits.MaxHolding} executions.");
        }

        errors.ThrowIfAny();

        var result = await workers.HeartbeatAsync(
            http.TenantId(), body.WorkerId!, body.Handlers, body.Version, body.Host, http.RequestAborted, body.State, body.Holding);
        var response = new WorkerHeartbeatResponse { Acknowledged = true, ServerTime = result.Now };
        return TypedResults.Json(response, BatonJson.Default.WorkerHeartbeatResponse);
    }

    private static async Task<IResult> ListAsync(HttpContext http, WorkerService workers, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var list = await workers.ListAsync(http.TenantId(), http.RequestAborted);
        var response = new WorkerListResponse
        {
            Workers = [.. list.Select(w =>
            {
                var since = now - w.LastHeartbeat;
                return new WorkerResponse
                {
                    WorkerId = w.WorkerId,
                    LastHeartbeat = w.LastHeartbeat,
                    SecondsSinceHeartbeat = Math.Max(0, (long)since.TotalSeconds),
                    HeartbeatStatus = WorkerService.Status(since, w.State),
                    State = w.State,
                    Handlers = w.Handlers,
                    RegisteredSince = w.RegisteredSince,
                    ClaimedCount = w.ClaimedCount,
                    Version = w.Version,
                    Host = w.Host,
                };
            })],
        };
        return TypedResults.Json(response, BatonJson.Default.WorkerListResponse);
    }

    private static async Task<IResult> DeleteAsync(string workerId, HttpContext http, WorkerService workers)
    {
        await workers.DeleteAsync(http.TenantId(), PathIds.WorkerId(workerId), http.RequestAborted);
        return TypedResults.NoContent();
    }
}

using Baton.Contracts.Serialization;
using Baton.Contracts.Service;
using Baton.Core;
using Baton.Core.Storage;
using Baton.Server.Hosting;
using Baton.Server.Http;

namespace Baton.Server.Endpoints;

/// <summary>Unauthenticated service endpoints: liveness with queue depth, a database round trip, and what this server is.</summary>
internal static class HealthEndpoints
{
    private static readonly string[] Features =
        ["executions", "batch_enqueue", "batch_claims", "long_poll_claims", "batch_outcomes", "idempotency_keys", "workers"];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", HealthAsync).WithTags("Service").Produces<HealthResponse>()
            .WithSummary("Always 200; status says healthy or degraded.");
        app.MapGet("/status", StatusAsync).WithTags("Service").Produces<StatusResponse>()
            .Produces<StatusResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("200 when the database answers, else 503.");
        app.MapGet("/v1/info", Info).WithTags("Service").Produces<InfoResponse>()
            .WithSummary("Version, store and node of this server.");
    }

    private static async Task<IResult> HealthAsync(
        HttpContext http, IBatonStore store, TimeProvider time, ServerFeatures features, StoreOutageWatch outages,
        ILogger<ServerFeatures> log)
    {
        HealthQueue? queue = null;
        try
        {
            var stats = await store.GetQueueStatsAsync(new GetQueueStatsParams(), http.RequestAborted);
            queue = new HealthQueue
            {
                Pending = stats.Pending,
                Delivering = stats.Delivering,
                Retrying = stats.Retrying,
                OldestPendingAgeSeconds = stats.OldestPendingAgeSeconds,
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "Health check could not read the store");
        }

        // A read that works is not enough: writes may be failing (a locked file, a full disk).
        var databaseOk = queue is not null && !outages.SawRecently();
        var response = new HealthResponse
        {
            Status = databaseOk ? "healthy" : "degraded",
            Version = ServerVersion.Current,
            Timestamp = time.GetUtcNow(),
            Services = new HealthServices
            {
                Database = databaseOk ? "ok" : "error",
                Scheduler = features.MaintenanceRunning ? "ok" : "disabled",
            },
            Queue = queue,
        };
        return TypedResults.Json(response, BatonJson.Default.HealthResponse);
    }

    private static async Task<IResult> StatusAsync(HttpContext http, IBatonStore store, ILogger<ServerFeatures> log)
    {
        try
        {
            await store.PingAsync(http.RequestAborted);
            return TypedResults.Json(new StatusResponse { Status = "healthy" }, BatonJson.Default.StatusResponse);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "Status check could not reach the store");
            return TypedResults.Json(
                new StatusResponse { Status = "down", Reason = "The database is unreachable." },
                BatonJson.Default.StatusResponse, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static IResult Info(IBatonStore store, BatonOptions options) =>
        TypedResults.Json(
            new InfoResponse
            {
                Version = ServerVersion.Current,
                Store = store.Capabilities.Name,
                NodeId = options.NodeId,
                Features = Features,
            },
            BatonJson.Default.InfoResponse);
}

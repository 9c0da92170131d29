using Baton.Contracts.Serialization;
using Baton.Contracts.Service;
using Baton.Core.Usage;
using Baton.Server.Http;

namespace Baton.Server.Endpoints;

/// <summary><c>GET /v1/usage</c>: what the account uses against this server's limits.</summary>
internal static class UsageEndpoints
{
    public static void Map(RouteGroupBuilder v1) =>
        v1.MapGet("/usage", GetAsync)
            .WithTags("Service")
            .Produces<UsageResponse>()
            .ProducesErrors(401, 429)
            .WithSummary("Executions this calendar month (UTC) and active cues, each with its limit (null: none), and the rate limit.");

    private static async Task<IResult> GetAsync(HttpContext http, UsageService usage)
    {
        var report = await usage.GetAsync(http.TenantId(), http.RequestAborted);
        var response = new UsageResponse
        {
            Executions = new UsageCount { Used = report.ExecutionsUsed, Limit = report.ExecutionLimit },
            Cues = new UsageCount { Used = report.ActiveCues, Limit = report.ActiveCueLimit },
            RateLimit = new UsageRateLimit { RequestsPerMinute = report.RequestsPerMinute },
        };
        return TypedResults.Json(response, BatonJson.Default.UsageResponse);
    }
}

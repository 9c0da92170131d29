using Baton.Contracts.Serialization;
using Baton.Contracts.Service;
using Baton.Core.Tenants;
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
            .WithSummary("CueAPI's usage shape: plan, period, cues and executions this calendar month (UTC) each with limit, remaining and percent_used (a limit the server does not set is 2147483647), and the rate limit.");

    private static async Task<IResult> GetAsync(HttpContext http, UsageService usage, AccountService accounts, TimeProvider time)
    {
        var tenant = await accounts.GetTenantAsync(http.TenantId(), http.RequestAborted);
        var report = await usage.GetAsync(tenant.Id, http.RequestAborted);
        var periodStart = UsageService.MonthStart(time.GetUtcNow());
        var cueLimit = UsageLimit.Report(report.ActiveCueLimit);
        var executionLimit = UsageLimit.Report(report.ExecutionLimit);
        var response = new UsageResponse
        {
            Plan = tenant.Plan,
            Period = new UsagePeriod { Start = periodStart, End = periodStart.AddMonths(1) },
            Cues = new UsageCues
            {
                Used = report.ActiveCues,
                Active = report.ActiveCues,
                Limit = cueLimit,
                Remaining = UsageLimit.Remaining(report.ActiveCues, cueLimit),
                PercentUsed = UsageLimit.PercentUsed(report.ActiveCues, cueLimit),
            },
            Executions = new UsageExecutions
            {
                Used = report.ExecutionsUsed,
                Limit = executionLimit,
                Remaining = UsageLimit.Remaining(report.ExecutionsUsed, executionLimit),
                PercentUsed = UsageLimit.PercentUsed(report.ExecutionsUsed, executionLimit),
            },
            RateLimit = new UsageRateLimit { RequestsPerMinute = report.RequestsPerMinute },
        };
        return TypedResults.Json(response, BatonJson.Default.UsageResponse);
    }
}

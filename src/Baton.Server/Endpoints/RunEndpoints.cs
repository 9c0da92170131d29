using Baton.Contracts.Runs;
using Baton.Contracts.Serialization;
using Baton.Core;
using Baton.Core.Runs;
using Baton.Core.Storage;
using Baton.Server.Http;
using Baton.Server.Mapping;
using Baton.Server.Validation;

namespace Baton.Server.Endpoints;

/// <summary>Runs: executions grouped by <c>run_id</c>, read or awaited as a whole.</summary>
internal static class RunEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/runs").WithTags("Runs");

        group.MapGet("", ListAsync)
            .Produces<RunListResponse>()
            .ProducesErrors(401, 422, 429)
            .WithSummary("Runs with activity, the most recently active first.");

        group.MapGet("/{runId}", GetAsync)
            .Produces<RunResponse>()
            .ProducesErrors(401, 422, 429)
            .WithSummary("A run's executions by status; ?wait=SECONDS (≤ 60) blocks until every one is terminal.");
    }

    private static async Task<IResult> GetAsync(string runId, HttpContext http, AwaitService awaits)
    {
        var errors = new RequestErrors();
        errors.Length("run_id", runId, Limits.RunIdLength, min: 1);
        var query = new QueryParameters(http.Request.Query, errors);
        var wait = query.Int("wait", 0, 0, BatonOptions.MaxWaitSeconds);
        errors.ThrowIfAny();

        using var scope = WaitScope.For(http);
        var run = await awaits.WaitForRunAsync(http.TenantId(), runId, TimeSpan.FromSeconds(wait), scope.Token);
        return TypedResults.Json(run.ToResponse(), BatonJson.Default.RunResponse);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IRunStore store)
    {
        var errors = new RequestErrors();
        var query = new QueryParameters(http.Request.Query, errors);
        var limit = query.Int("limit", 20, 1, 100);
        var offset = query.Int("offset", 0, 0, int.MaxValue);
        errors.ThrowIfAny();

        var page = await store.ListRunsAsync(new ListRunsParams(http.TenantId(), limit, offset), http.RequestAborted);
        return TypedResults.Json(new RunListResponse
        {
            Runs = [.. page.Runs.Select(r => r.ToResponse())],
            Total = page.Total,
            Limit = limit,
            Offset = offset,
            HasMore = offset + page.Runs.Count < page.Total,
        }, BatonJson.Default.RunListResponse);
    }
}

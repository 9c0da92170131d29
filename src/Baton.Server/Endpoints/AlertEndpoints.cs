using Baton.Contracts.Serialization;
using Baton.Contracts.Service;
using Baton.Core.Alerts;
using Baton.Core.Storage;
using Baton.Server.Http;
using Baton.Server.Validation;

namespace Baton.Server.Endpoints;

/// <summary><c>GET /v1/alerts</c>: the tenant's alerts, newest first.</summary>
internal static class AlertEndpoints
{
    private const int DefaultLimit = 50;

    public static void Map(RouteGroupBuilder v1) =>
        v1.MapGet("/alerts", ListAsync)
            .WithTags("Service")
            .Produces<AlertListResponse>()
            .ProducesErrors(401, 422, 429)
            .WithSummary("Alerts (verification_failed, consecutive_failures), newest first; filter by alert_type and since.");

    private static async Task<IResult> ListAsync(HttpContext http, AlertService alerts)
    {
        var errors = new RequestErrors();
        var query = new QueryParameters(http.Request.Query, errors);
        var type = query.String("alert_type", 64);
        if (type is not null && !AlertTypes.All.Contains(type))
        {
            errors.Add("alert_type", $"must be one of {string.Join(", ", AlertTypes.All)}.");
        }

        var since = query.Time("since");
        var limit = query.Int("limit", DefaultLimit, 1, Limits.MaxListLimit);
        var offset = query.Int("offset", 0, 0, int.MaxValue);
        errors.ThrowIfAny();

        var page = await alerts.ListAsync(new ListAlertsParams(http.TenantId(), type, since, limit, offset), http.RequestAborted);
        var response = new AlertListResponse
        {
            Alerts = [.. page.Alerts.Select(a => new AlertResponse
            {
                Id = a.Id,
                CueId = a.CueId,
                ExecutionId = a.ExecutionId,
                AlertType = a.AlertType,
                Severity = a.Severity,
                Message = a.Message,
                CreatedAt = a.CreatedAt,
            })],
            Total = page.Total,
            Limit = limit,
            Offset = offset,
            HasMore = offset + page.Alerts.Count < page.Total,
        };
        return TypedResults.Json(response, BatonJson.Default.AlertListResponse);
    }
}

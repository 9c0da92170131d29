using System.Text.Json;
using Baton.Contracts.Cues;
using Baton.Contracts.Serialization;
using Baton.Core.Cues;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Baton.Server.Http;
using Baton.Server.Mapping;
using Baton.Server.Validation;
using Baton.Server.Webhooks;

namespace Baton.Server.Endpoints;

/// <summary>Cue CRUD, pause/resume (PATCH status) and manual fire.</summary>
internal static class CueEndpoints
{
    private const int DefaultListLimit = 50;
    private const int DefaultExecutionLimit = 20;

    public static void Map(RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/cues").WithTags("Cues");

        group.MapPost("", CreateAsync)
            .AcceptsJson<CueRequest>()
            .Produces<CueResponse>(StatusCodes.Status201Created)
            .ProducesErrors(400, 401, 403, 409, 413, 422, 429)
            .WithSummary("Create a cue; unknown fields are ignored. 403 cue_limit_exceeded at the active-cue limit.");

        group.MapGet("", ListAsync)
            .Produces<CueListResponse>()
            .ProducesErrors(401, 422, 429)
            .WithSummary("List cues, newest first.");

        group.MapGet("/{id}", GetAsync)
            .Produces<CueResponse>()
            .ProducesErrors(401, 404, 422, 429)
            .WithSummary("One cue with its recent executions.");

        group.MapPatch("/{id}", UpdateAsync)
            .AcceptsJson<CueRequest>()
            .Produces<CueResponse>()
            .ProducesErrors(400, 401, 403, 404, 409, 413, 422, 429)
            .WithSummary("Change a cue; status active|paused resumes or pauses it (resuming meets the active-cue limit). Unknown fields are refused.");

        group.MapDelete("/{id}", DeleteAsync)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesErrors(401, 404, 429)
            .WithSummary("Delete a cue; its executions stay.");

        group.MapPost("/{id}/fire", FireAsync)
            .AcceptsJson<FireCueRequest>()
            .Produces<FireCueResponse>()
            .ProducesErrors(400, 401, 404, 409, 413, 422, 429)
            .WithSummary("Fire the cue now (or at send_at); an idempotency key returns the same execution for 24 h.");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CueService cues, CallbackUrlGuard guard, TimeProvider time)
    {
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.CueRequest);
        var errors = new RequestErrors();
        errors.Required("name", body.Name);
        errors.Length("name", body.Name, Limits.NameLength, min: 1);
        errors.ThrowIfAny();
        var definition = CueRequests.ToDefinition(body, null, time.GetUtcNow(), checkAtInFuture: true);
        var callbackWarning = await CueRequests.CheckCallbackUrlsAsync(body, definition, guard, http.RequestAborted);

        var (cue, warning) = await cues.CreateAsync(http.TenantId(), body.Name!, definition, http.RequestAborted);
        http.Response.Headers.Location = "/v1/cues/" + cue.Id;
        return TypedResults.Json(cue.ToResponse(JoinWarnings(warning, callbackWarning)), BatonJson.Default.CueResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext http, CueService cues)
    {
        var errors = new RequestErrors();
        var query = new QueryParameters(http.Request.Query, errors);
        var status = query.String("status", 32);
        if (status is not null && !CueStatuses.All.Contains(status))
        {
            errors.Add("status", $"must be one of {string.Join(", ", CueStatuses.All)}.");
        }

        var limit = query.Int("limit", DefaultListLimit, 1, Limits.MaxListLimit);
        var offset = query.Int("offset", 0, 0, int.MaxValue);
        errors.ThrowIfAny();

        var page = await cues.ListAsync(new ListCuesParams(http.TenantId(), status, limit, offset), http.RequestAborted);
        var response = new CueListResponse
        {
            Cues = [.. page.Cues.Select(c => c.ToResponse())],
            Total = page.Total,
            Limit = limit,
            Offset = offset,
            HasMore = offset + page.Cues.Count < page.Total,
        };
        return TypedResults.Json(response, BatonJson.Default.CueListResponse);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, CueService cues, ExecutionService executions)
    {
        var errors = new RequestErrors();
        var query = new QueryParameters(http.Request.Query, errors);
        var limit = query.Int("execution_limit", DefaultExecutionLimit, 1, Limits.MaxListLimit);
        var offset = query.Int("execution_offset", 0, 0, int.MaxValue);
        errors.ThrowIfAny();

        var cue = await cues.GetAsync(http.TenantId(), id, http.RequestAborted);
        var page = await executions.ListAsync(
            new ListExecutionsParams(http.TenantId()) { CueId = cue.Id, Limit = limit, Offset = offset }, http.RequestAborted);
        var response = cue.ToResponse() with
        {
            Executions = [.. page.Items.Select(e => e.ToResponse())],
            ExecutionTotal = page.Total,
        };
        return TypedResults.Json(response, BatonJson.Default.CueResponse);
    }

    private static async Task<IResult> UpdateAsync(
        string id, HttpContext http, CueService cues, CallbackUrlGuard guard, TimeProvider time)
    {
        var raw = await JsonBody.ReadObjectAsync(http);
        var unknown = raw.EnumerateObject().Select(p => p.Name).Where(n => !CueRequests.PatchFields.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw ApiProblemException.Validation([.. unknown.Select(n => new Contracts.Errors.FieldError(n, "is not a field of a cue."))]);
        }

        var body = JsonBody.Convert(raw, BatonJson.Default.CueRequest);
        var errors = new RequestErrors();
        errors.Length("name", body.Name, Limits.NameLength, min: 1);
        if (body.Status is not null && body.Status is not (CueStatuses.Active or CueStatuses.Paused))
        {
            errors.Add("status", "must be active or paused.");
        }

        errors.ThrowIfAny();
        var current = await cues.GetAsync(http.TenantId(), id, http.RequestAborted);
        var definition = CueRequests.ToDefinition(body, current.Definition, time.GetUtcNow(), checkAtInFuture: true);
        var callbackWarning = await CueRequests.CheckCallbackUrlsAsync(body, definition, guard, http.RequestAborted);
        var updated = await cues.UpdateAsync(
            current, body.Name ?? current.Name, definition, body.Status ?? current.Status, http.RequestAborted);
        return TypedResults.Json(updated.ToResponse(callbackWarning), BatonJson.Default.CueResponse);
    }

    private static string? JoinWarnings(string? first, string? second) =>
        first is null ? second : second is null ? first : first + " " + second;

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, CueService cues)
    {
        await cues.DeleteAsync(http.TenantId(), id, http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> FireAsync(string id, HttpContext http, CueService cues)
    {
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.FireCueRequest);
        var errors = new RequestErrors();
        var payloadOverride = JsonText.Present(body.PayloadOverride);
        if (payloadOverride is { ValueKind: not JsonValueKind.Object })
        {
            errors.Add("payload_override", "must be a JSON object.");
        }

        if (body.MergeStrategy is not (null or "merge" or "replace"))
        {
            errors.Add("merge_strategy", "must be merge or replace.");
        }

        errors.Length("idempotency_key", body.IdempotencyKey, Limits.IdempotencyKeyLength, min: 1);
        errors.ThrowIfAny();

        var request = new FireRequest
        {
            SendAt = body.SendAt,
            PayloadOverrideJson = payloadOverride is { } o ? JsonText.Compact(o) : null,
            Replace = body.MergeStrategy == "replace",
            IdempotencyKey = body.IdempotencyKey,
        };
        var (execution, _) = await cues.FireAsync(http.TenantId(), id, request, http.RequestAborted);
        return TypedResults.Json(execution.ToFireResponse(), BatonJson.Default.FireCueResponse);
    }
}

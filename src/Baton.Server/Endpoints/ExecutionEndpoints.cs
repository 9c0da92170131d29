using Baton.Contracts.Executions;
using Baton.Contracts.Serialization;
using Baton.Core;
using Baton.Core.Executions;
using Baton.Core.Runs;
using Baton.Core.Storage;
using Baton.Server.Http;
using Baton.Server.Mapping;
using Baton.Server.Validation;

namespace Baton.Server.Endpoints;

/// <summary>Enqueue, list, read, release, cancel and replay executions. Claims and outcomes have their own files.</summary>
internal static class ExecutionEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/executions").WithTags("Executions");

        group.MapPost("", EnqueueAsync)
            .AcceptsJson<EnqueueExecutionRequest>()
            .Produces<ExecutionResponse>(StatusCodes.Status201Created)
            .Produces<ExecutionResponse>(StatusCodes.Status200OK)
            .ProducesErrors(400, 401, 409, 413, 422, 429)
            .WithSummary("Enqueue one execution; a repeated idempotency key answers 200 with the first one.");

        group.MapPost("/batch", EnqueueBatchAsync)
            .AcceptsJson<EnqueueBatchRequest>()
            .Produces<ExecutionBatchResponse>(StatusCodes.Status201Created)
            .ProducesErrors(400, 401, 409, 413, 422, 429)
            .WithSummary("Enqueue up to 1000 executions, all or nothing.");

        group.MapGet("", ListAsync)
            .Produces<ExecutionListResponse>()
            .ProducesErrors(401, 422, 429)
            .WithSummary("List executions, newest first, with counts by status.");

        group.MapGet("/claimable", ListClaimableAsync)
            .Produces<ClaimableListResponse>()
            .ProducesErrors(401, 422, 429)
            .WithSummary("What a claim with these filters would take, in claim order.");

        group.MapGet("/{id}", GetAsync)
            .Produces<ExecutionResponse>()
            .ProducesErrors(401, 404, 429)
            .WithSummary("One execution; ?wait=SECONDS (≤ 60) blocks until it is terminal.");

        group.MapPost("/{id}/release", ReleaseAsync)
            .Produces<ExecutionResponse>()
            .ProducesErrors(400, 401, 403, 404, 409, 413, 429)
            .WithSummary("The claimer hands the execution back without using up an attempt.");

        group.MapPost("/{id}/cancel", CancelAsync)
            .AcceptsJson<CancelExecutionRequest>()
            .Produces<ExecutionResponse>()
            .ProducesErrors(400, 401, 403, 404, 409, 413, 422, 429)
            .WithSummary("Cancel; a claimed execution needs its claimer's X-Worker-Id or force.");

        group.MapPost("/{id}/replay", ReplayAsync)
            .Produces<ExecutionResponse>()
            .ProducesErrors(400, 401, 404, 409, 413, 429)
            .WithSummary("Run a finished execution again as a new execution.");
    }

    private static async Task<IResult> EnqueueAsync(HttpContext http, ExecutionService executions)
    {
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.EnqueueExecutionRequest);
        var errors = new RequestErrors();
        var request = ExecutionRequests.ToEnqueue(body, "", errors);
        errors.ThrowIfAny();

        var result = await executions.EnqueueAsync(http.TenantId(), [request], http.RequestAborted);
        var execution = result.Executions[0];
        http.Response.Headers.Location = "/v1/executions/" + execution.Id;
        return TypedResults.Json(
            execution.ToResponse(), BatonJson.Default.ExecutionResponse,
            statusCode: result.Existing[0] ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    private static async Task<IResult> EnqueueBatchAsync(HttpContext http, ExecutionService executions)
    {
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.EnqueueBatchRequest);
        var errors = new RequestErrors();
        errors.Required("executions", body.Executions);
        var items = body.Executions ?? [];
        if (body.Executions is not null && items.Count is 0 or > Limits.MaxEnqueueBatch)
        {
            errors.Add("executions", $"must have between 1 and {Limits.MaxEnqueueBatch} items.");
        }

        var requests = new List<EnqueueRequest>(items.Count);
        for (var i = 0; i < items.Count && i < Limits.MaxEnqueueBatch; i++)
        {
            if (items[i] is null) errors.Add($"executions[{i}]", "must be a JSON object.");
            else requests.Add(ExecutionRequests.ToEnqueue(items[i], $"executions[{i}].", errors));
        }

        errors.ThrowIfAny();
        var result = await executions.EnqueueAsync(http.TenantId(), requests, http.RequestAborted);
        var response = new ExecutionBatchResponse { Executions = [.. result.Executions.Select(e => e.ToResponse())] };
        return TypedResults.Json(response, BatonJson.Default.ExecutionBatchResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext http, ExecutionService executions)
    {
        var errors = new RequestErrors();
        var query = new QueryParameters(http.Request.Query, errors);
        var statuses = new List<ExecutionStatus>();
        var statusNames = query.List("status__in") is { Count: > 0 } many ? many : query.List("status");
        foreach (var name in statusNames)
        {
            if (ExecutionStatusNames.TryParse(name, out var status)) statuses.Add(status);
            else errors.Add("status", $"'{name}' is not one of {string.Join(", ", ExecutionStatusNames.All)}.");
        }

        var outcomeState = query.String("outcome_state", 64);
        if (outcomeState is not null && !OutcomeStates.All.Contains(outcomeState))
        {
            errors.Add("outcome_state", $"must be one of {string.Join(", ", OutcomeStates.All)}.");
        }

        var p = new ListExecutionsParams(http.TenantId())
        {
            CueId = query.String("cue_id", 64),
            Statuses = statuses,
            WorkerId = query.String("worker_id", Limits.NameLength),
            OutcomeState = outcomeState,
            Queue = query.Queue("queue"),
            Task = query.String("task", Limits.NameLength),
            RunId = query.String("run_id", Limits.RunIdLength),
            Tag = query.String("tag", Limits.TagLength),
            TriggeredBy = query.String("triggered_by", 32),
            Limit = query.Int("limit", 20, 1, Limits.MaxListLimit),
            Offset = query.Int("offset", 0, 0, int.MaxValue),
        };
        errors.ThrowIfAny();

        var page = await executions.ListAsync(p, http.RequestAborted);
        var response = new ExecutionListResponse
        {
            Executions = [.. page.Items.Select(e => e.ToResponse())],
            Total = page.Total,
            Limit = p.Limit,
            Offset = p.Offset,
            HasMore = p.Offset + page.Items.Count < page.Total,
            Counts = page.Counts.ToResponse(),
        };
        return TypedResults.Json(response, BatonJson.Default.ExecutionListResponse);
    }

    private static async Task<IResult> ListClaimableAsync(HttpContext http, ExecutionService executions)
    {
        var errors = new RequestErrors();
        var query = new QueryParameters(http.Request.Query, errors);
        var task = query.String("task", Limits.NameLength);
        var tag = query.String("tag", Limits.TagLength);
        var filter = new ClaimFilter
        {
            Tasks = task is null ? [] : [task],
            Agent = query.String("agent", Limits.NameLength),
            Queue = query.Queue("queue"),
            RunId = query.String("run_id", Limits.RunIdLength),
            Tags = tag is null ? [] : [tag],
        };
        var limit = query.Int("limit", 50, 1, Limits.MaxListLimit);
        errors.ThrowIfAny();

        var claimable = await executions.ListClaimableAsync(http.TenantId(), filter, limit, http.RequestAborted);
        var response = new ClaimableListResponse { Executions = [.. claimable.Select(e => e.ToClaimable())] };
        return TypedResults.Json(response, BatonJson.Default.ClaimableListResponse);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, AwaitService awaits)
    {
        var executionId = PathIds.ExecutionId(id);
        var errors = new RequestErrors();
        var wait = new QueryParameters(http.Request.Query, errors).Int("wait", 0, 0, BatonOptions.MaxWaitSeconds);
        errors.ThrowIfAny();

        using var scope = WaitScope.For(http);
        var execution = await awaits.WaitForExecutionAsync(
            http.TenantId(), executionId, TimeSpan.FromSeconds(wait), scope.Token);
        return TypedResults.Json(execution.ToResponse(), BatonJson.Default.ExecutionResponse);
    }

    private static async Task<IResult> ReleaseAsync(string id, HttpContext http, ExecutionService executions)
    {
        var executionId = PathIds.ExecutionId(id);
        await JsonBody.EnsureWellFormedAsync(http);
        var released = await executions.ReleaseAsync(
            new ReleaseExecutionParams(http.TenantId(), executionId,
                IdentityHeaders.WorkerId(http.Request), IdentityHeaders.ClaimToken(http.Request)),
            http.RequestAborted);
        return TypedResults.Json(released.ToResponse(), BatonJson.Default.ExecutionResponse);
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext http, ExecutionService executions)
    {
        var executionId = PathIds.ExecutionId(id);
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.CancelExecutionRequest);
        ExecutionRequests.CheckCancel(body);
        var cancelled = await executions.CancelAsync(
            new CancelExecutionParams(http.TenantId(), executionId, IdentityHeaders.WorkerId(http.Request),
                body.Reason, body.Force ?? false),
            http.RequestAborted);
        return TypedResults.Json(cancelled.ToResponse(), BatonJson.Default.ExecutionResponse);
    }

    private static async Task<IResult> ReplayAsync(string id, HttpContext http, ExecutionService executions)
    {
        var executionId = PathIds.ExecutionId(id);
        await JsonBody.EnsureWellFormedAsync(http);
        var replay = await executions.ReplayAsync(http.TenantId(), executionId, http.RequestAborted);
        return TypedResults.Json(replay.ToResponse(), BatonJson.Default.ExecutionResponse);
    }
}

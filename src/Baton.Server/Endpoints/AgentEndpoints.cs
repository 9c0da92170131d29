using System.Security.Cryptography;
using System.Text.Json;
using Baton.Contracts;
using Baton.Contracts.Auth;
using Baton.Contracts.Errors;
using Baton.Contracts.Messaging;
using Baton.Contracts.Serialization;
using Baton.Core;
using Baton.Core.Messaging;
using Baton.Core.Storage;
using Baton.Server.Http;
using Baton.Server.Mapping;
using Baton.Server.Validation;
using Baton.Server.Webhooks;

namespace Baton.Server.Endpoints;

/// <summary>Agents: CRUD (soft delete), the roster with its ETag, and each agent's webhook secret.</summary>
internal static class AgentEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/agents").WithTags("Agents");

        group.MapPost("", CreateAsync)
            .AcceptsJson<AgentRequest>()
            .Produces<AgentResponse>(StatusCodes.Status201Created)
            .ProducesErrors(400, 401, 409, 413, 422, 429)
            .WithSummary("Create an agent; webhook_secret is in this answer only, and only with a webhook_url. Unknown fields are refused.");

        group.MapGet("", ListAsync)
            .Produces<AgentListResponse>()
            .ProducesErrors(401, 422, 429)
            .WithSummary("List agents, oldest first; include_deleted=true shows soft-deleted ones.");

        group.MapGet("/roster", RosterAsync)
            .Produces<RosterResponse>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesErrors(401, 429)
            .WithSummary("The live agents and their presence, with an ETag (304 on If-None-Match).");

        group.MapGet("/{reference}", GetAsync)
            .Produces<AgentResponse>()
            .ProducesErrors(401, 404, 422, 429)
            .WithSummary("One agent by agt_ id, slug, or slug@tenant.");

        group.MapPatch("/{reference}", UpdateAsync)
            .AcceptsJson<AgentRequest>()
            .Produces<AgentResponse>()
            .ProducesErrors(400, 401, 404, 413, 422, 429)
            .WithSummary("Change an agent (the slug cannot change); webhook_url: null makes it pull-only.");

        group.MapDelete("/{reference}", DeleteAsync)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesErrors(401, 404, 429)
            .WithSummary("Soft-delete an agent; its messages stay.");

        group.MapGet("/{reference}/webhook-secret", GetSecretAsync)
            .Produces<WebhookSecretResponse>()
            .ProducesErrors(401, 404, 429)
            .WithSummary("The secret that signs pushes to the agent's webhook_url (404 for pull-only agents).");

        group.MapPost("/{reference}/webhook-secret/regenerate", RegenerateSecretAsync)
            .Produces<WebhookSecretResponse>()
            .ProducesErrors(400, 401, 404, 429)
            .WithSummary("Replace the agent's webhook secret at once; needs X-Confirm-Destructive: true.");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AgentService agents, CallbackUrlGuard guard)
    {
        var (body, _) = await JsonBody.ReadKnownFieldsAsync(
            http, BatonJson.Default.AgentRequest, MessagingRequests.CreateAgentFields, "an agent");
        var draft = MessagingRequests.ToAgentDraft(body);
        if (draft.WebhookUrl is { } url) await CueRequests.CheckUrlAsync("webhook_url", url, guard, http.RequestAborted, ErrorCodes.InvalidWebhookUrl);
        var agent = await agents.CreateAsync(http.TenantId(), draft, http.RequestAborted);
        http.Response.Headers.Location = "/v1/agents/" + agent.Id;
        return TypedResults.Json(agent.ToResponse(showSecret: true), BatonJson.Default.AgentResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext http, AgentService agents)
    {
        var errors = new RequestErrors();
        var query = new QueryParameters(http.Request.Query, errors);
        var status = query.String("status", 32);
        if (status is not null && !AgentStatuses.All.Contains(status))
        {
            errors.Add("status", $"must be one of {string.Join(", ", AgentStatuses.All)}.");
        }

        var list = new ListAgentsParams(http.TenantId())
        {
            Status = status,
            IncludeDeleted = query.Bool("include_deleted"),
            Limit = query.Int("limit", 50, 1, Limits.MaxListLimit),
            Offset = query.Int("offset", 0, 0, int.MaxValue),
        };
        errors.ThrowIfAny();
        var page = await agents.ListAsync(list, http.RequestAborted);
        var response = new AgentListResponse
        {
            Agents = [.. page.Items.Select(a => a.ToResponse())],
            Total = page.Total,
            Limit = list.Limit,
            Offset = list.Offset,
        };
        return TypedResults.Json(response, BatonJson.Default.AgentListResponse);
    }

    private static async Task<IResult> RosterAsync(HttpContext http, AgentService agents, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var page = await agents.ListAsync(new ListAgentsParams(http.TenantId()) { Limit = 10_000 }, http.RequestAborted);
        var entries = page.Items.Select(a => a.ToRosterEntry(now)).ToList();
        // The ETag covers the entries, not generated_at, so an unchanged roster keeps its tag.
        var tag = "\"" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(
            new RosterResponse { GeneratedAt = DateTimeOffset.UnixEpoch, Agents = entries }, BatonJson.Default.RosterResponse)))[..32] + "\"";
        http.Response.Headers.ETag = tag;
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && (v == tag || v == "*")))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Json(new RosterResponse { GeneratedAt = now, Agents = entries }, BatonJson.Default.RosterResponse);
    }

    private static async Task<IResult> GetAsync(string reference, HttpContext http, AgentService agents)
    {
        var errors = new RequestErrors();
        var includeDeleted = new QueryParameters(http.Request.Query, errors).Bool("include_deleted");
        errors.ThrowIfAny();
        var agent = await agents.ResolveAsync(http.TenantId(), reference, http.RequestAborted, includeDeleted);
        return TypedResults.Json(agent.ToResponse(), BatonJson.Default.AgentResponse);
    }

    private static async Task<IResult> UpdateAsync(string reference, HttpContext http, AgentService agents, CallbackUrlGuard guard)
    {
        var (body, raw) = await JsonBody.ReadKnownFieldsAsync(
            http, BatonJson.Default.AgentRequest, MessagingRequests.PatchAgentFields, "an agent that can change");
        var current = await agents.ResolveAsync(http.TenantId(), reference, http.RequestAborted);
        var change = MessagingRequests.ToAgentUpdate(body, raw, current);
        if (change.WebhookUrl is { } url) await CueRequests.CheckUrlAsync("webhook_url", url, guard, http.RequestAborted, ErrorCodes.InvalidWebhookUrl);
        var madeSecret = change.WebhookUrl is not null && current.WebhookSecret is null;
        var updated = await agents.UpdateAsync(current, change, http.RequestAborted);
        return TypedResults.Json(updated.ToResponse(showSecret: madeSecret), BatonJson.Default.AgentResponse);
    }

    private static async Task<IResult> DeleteAsync(string reference, HttpContext http, AgentService agents)
    {
        await agents.DeleteAsync(http.TenantId(), reference, http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> GetSecretAsync(string reference, HttpContext http, AgentService agents)
    {
        var agent = await agents.ResolveAsync(http.TenantId(), reference, http.RequestAborted);
        var secret = agent.WebhookSecret ?? throw Errors.NoWebhookSecret();
        return TypedResults.Json(new WebhookSecretResponse { WebhookSecret = secret }, BatonJson.Default.WebhookSecretResponse);
    }

    private static async Task<IResult> RegenerateSecretAsync(string reference, HttpContext http, AgentService agents)
    {
        if (!string.Equals(http.Request.Headers[WireHeaders.ConfirmDestructive], "true", StringComparison.OrdinalIgnoreCase))
        {
            throw Errors.ConfirmationRequired();
        }

        await JsonBody.EnsureWellFormedAsync(http);
        var agent = await agents.ResolveAsync(http.TenantId(), reference, http.RequestAborted);
        var secret = await agents.RegenerateSecretAsync(agent, http.RequestAborted);
        return TypedResults.Json(new WebhookSecretResponse { WebhookSecret = secret }, BatonJson.Default.WebhookSecretResponse);
    }
}

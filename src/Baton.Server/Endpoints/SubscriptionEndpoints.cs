using Baton.Contracts.Errors;
using Baton.Contracts.Messaging;
using Baton.Contracts.Serialization;
using Baton.Core.Messaging;
using Baton.Server.Http;
using Baton.Server.Mapping;
using Baton.Server.Validation;
using Baton.Server.Webhooks;

namespace Baton.Server.Endpoints;

/// <summary>Each agent's subscriptions (with their ack watermarks) and its event feed, which may long-poll.</summary>
internal static class SubscriptionEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var agents = v1.MapGroup("/agents/{reference}").WithTags("Subscriptions");

        agents.MapPost("/subscriptions", CreateAsync)
            .AcceptsJson<SubscriptionRequest>()
            .Produces<SubscriptionResponse>(StatusCodes.Status201Created)
            .ProducesErrors(400, 401, 404, 409, 413, 422, 429)
            .WithSummary("Subscribe the agent to message.delivered or message.digest events (one subscription per type); delivery_target pull, or webhook: each event POSTed, signed, to the subscription's webhook_url (its secret returned once) or the agent's.");

        agents.MapGet("/subscriptions", ListAsync)
            .Produces<SubscriptionListResponse>()
            .ProducesErrors(401, 404, 429)
            .WithSummary("The agent's subscriptions, oldest first, each with its ack_watermark.");

        agents.MapPatch("/subscriptions/{id}/ack", AckAsync)
            .AcceptsJson<AckSubscriptionRequest>()
            .Produces<SubscriptionResponse>()
            .ProducesErrors(400, 401, 404, 413, 422, 429)
            .WithSummary("Move the subscription's ack_watermark forward (a lower one changes nothing; past the newest event: 422).");

        agents.MapDelete("/subscriptions/{id}", DeleteAsync)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesErrors(401, 404, 429)
            .WithSummary("Remove a subscription; no more events of its type are written for the agent.");

        agents.MapGet("/events", EventsAsync)
            .Produces<AgentEventListResponse>()
            .ProducesErrors(401, 404, 422, 429)
            .WithSummary("The agent's events after since, oldest first; wait=SECONDS (≤60) parks an empty read until a message enters the inbox on any node.");
    }

    private static async Task<IResult> CreateAsync(string reference, HttpContext http, AgentEventService events, CallbackUrlGuard guard)
    {
        var (body, _) = await JsonBody.ReadKnownFieldsAsync(
            http, BatonJson.Default.SubscriptionRequest, SubscriptionRequests.CreateFields, "a subscription");
        var draft = SubscriptionRequests.ToSubscription(body);
        if (draft.WebhookUrl is { } url) await CueRequests.CheckUrlAsync("webhook_url", url, guard, http.RequestAborted, ErrorCodes.InvalidWebhookUrl);
        var subscription = await events.SubscribeAsync(http.TenantId(), reference, draft, http.RequestAborted);
        http.Response.Headers.Location = $"/v1/agents/{subscription.AgentId}/subscriptions/{subscription.Id}";
        return TypedResults.Json(subscription.ToResponse(showSecret: true), BatonJson.Default.SubscriptionResponse,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(string reference, HttpContext http, AgentEventService events)
    {
        var list = await events.ListAsync(http.TenantId(), reference, http.RequestAborted);
        return TypedResults.Json(new SubscriptionListResponse { Subscriptions = [.. list.Select(s => s.ToResponse())] },
            BatonJson.Default.SubscriptionListResponse);
    }

    private static async Task<IResult> AckAsync(string reference, string id, HttpContext http, AgentEventService events)
    {
        var (body, _) = await JsonBody.ReadKnownFieldsAsync(
            http, BatonJson.Default.AckSubscriptionRequest, SubscriptionRequests.AckFields, "an acknowledgement");
        var watermark = SubscriptionRequests.ToWatermark(body);
        var subscription = await events.AckAsync(http.TenantId(), reference, id, watermark, http.RequestAborted);
        return TypedResults.Json(subscription.ToResponse(), BatonJson.Default.SubscriptionResponse);
    }

    private static async Task<IResult> DeleteAsync(string reference, string id, HttpContext http, AgentEventService events)
    {
        await events.DeleteAsync(http.TenantId(), reference, id, http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> EventsAsync(string reference, HttpContext http, AgentEventService events)
    {
        var query = SubscriptionRequests.ToEventQuery(http.Request.Query);
        using var wait = WaitScope.For(http);
        var page = await events.ReadAsync(http.TenantId(), reference, query, wait.Token);
        return TypedResults.Json(page.ToResponse(query.Since), BatonJson.Default.AgentEventListResponse);
    }
}

using System.Globalization;
using Baton.Contracts;
using Baton.Contracts.Errors;
using Baton.Contracts.Messaging;
using Baton.Contracts.Serialization;
using Baton.Core.Messaging;
using Baton.Server.Http;
using Baton.Server.Mapping;
using Baton.Server.Validation;
using Microsoft.Net.Http.Headers;

namespace Baton.Server.Endpoints;

/// <summary>Messages between agents: send (idempotent), get, read, ack; and each agent's inbox and sent lists.</summary>
internal static class MessageEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var messages = v1.MapGroup("/messages").WithTags("Messages");

        messages.MapPost("", SendAsync)
            .AcceptsJson<SendMessageRequest>()
            .Produces<MessageResponse>(StatusCodes.Status201Created)
            .Produces<MessageResponse>()
            .ProducesErrors(400, 401, 404, 409, 413, 422, 429)
            .WithSummary("Send a message from the agent in X-Cueapi-From-Agent; a replayed Idempotency-Key answers 200 with the first message.");

        messages.MapGet("/{id}", GetAsync)
            .Produces<MessageResponse>()
            .ProducesErrors(401, 404, 429)
            .WithSummary("One message.");

        messages.MapPost("/{id}/read", (string id, HttpContext http, MessageService service) =>
                AdvanceAsync(id, http, service.MarkReadAsync))
            .Produces<MessageResponse>()
            .ProducesErrors(400, 401, 404, 409, 429)
            .WithSummary("Mark a message read (again: no change); 409 once acked or expired.");

        messages.MapPost("/{id}/ack", (string id, HttpContext http, MessageService service) =>
                AdvanceAsync(id, http, service.AckAsync))
            .Produces<MessageResponse>()
            .ProducesErrors(400, 401, 404, 409, 429)
            .WithSummary("Acknowledge a message: terminal.");

        v1.MapGet("/executions/{id}/messages", ExecutionMessagesAsync)
            .WithTags("Messages")
            .Produces<ExecutionMessagesResponse>()
            .ProducesErrors(401, 404, 429)
            .WithSummary("The messages that name the execution (execution_id), oldest first: the conversation beside the work.");

        var agents = v1.MapGroup("/agents").WithTags("Messages");

        agents.MapGet("/{reference}/inbox", InboxAsync)
            .Produces<MessageListResponse>()
            .Produces<MessageCountResponse>()
            .ProducesErrors(401, 404, 422, 429)
            .WithSummary("Due messages to the agent (unread ones unless state says otherwise); the queued ones returned become delivered. wait=SECONDS (≤60) parks an empty read.");

        agents.MapGet("/{reference}/sent", SentAsync)
            .Produces<MessageListResponse>()
            .Produces<MessageCountResponse>()
            .ProducesErrors(401, 404, 422, 429)
            .WithSummary("Messages the agent sent, newest first; changes nothing.");
    }

    private static async Task<IResult> SendAsync(
        HttpContext http, MessageService messages, MessageSendRateLimiter limiter)
    {
        var (body, _) = await JsonBody.ReadKnownFieldsAsync(
            http, BatonJson.Default.SendMessageRequest, MessagingRequests.SendFields, "a message");
        var key = http.Request.Headers[WireHeaders.IdempotencyKey].LastOrDefault();
        var draft = MessagingRequests.ToMessageDraft(body, key);
        var from = await messages.ResolveSenderAsync(http.TenantId(), http.Request.Headers[WireHeaders.FromAgent].LastOrDefault(), http.RequestAborted);

        var decision = limiter.TryAcquire(from.Id);
        if (!decision.Allowed)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalSeconds));
            http.Response.OnStarting(() =>
            {
                http.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            throw new ApiProblemException(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimitExceeded,
                $"Agent {from.Slug} sent more than {decision.Limit} messages this minute; retry after {seconds} s.");
        }

        var sent = await messages.SendAsync(http.TenantId(), from, draft, key, http.RequestAborted);
        http.Response.Headers.Location = "/v1/messages/" + sent.Message.Id;
        return TypedResults.Json(sent.Message.ToResponse(), BatonJson.Default.MessageResponse,
            statusCode: sent.Existing ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    private static async Task<IResult> ExecutionMessagesAsync(string id, HttpContext http, MessageService messages)
    {
        var list = await messages.ListForExecutionAsync(http.TenantId(), PathIds.ExecutionId(id), http.RequestAborted);
        return TypedResults.Json(new ExecutionMessagesResponse { Messages = [.. list.Select(m => m.ToResponse())] },
            BatonJson.Default.ExecutionMessagesResponse);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, MessageService messages)
    {
        var message = await messages.GetAsync(http.TenantId(), id, http.RequestAborted);
        return TypedResults.Json(message.ToResponse(), BatonJson.Default.MessageResponse);
    }

    private static async Task<IResult> AdvanceAsync(
        string id, HttpContext http, Func<string, string, CancellationToken, Task<Message>> advance)
    {
        await JsonBody.EnsureWellFormedAsync(http);
        var message = await advance(http.TenantId(), id, http.RequestAborted);
        return TypedResults.Json(message.ToResponse(), BatonJson.Default.MessageResponse);
    }

    private static async Task<IResult> InboxAsync(string reference, HttpContext http, MessageService messages)
    {
        var query = MessagingRequests.ToInboxQuery(http.Request.Query, allowWait: true);
        using var wait = WaitScope.For(http);
        var (_, page) = await messages.ReadInboxAsync(http.TenantId(), reference, query, wait.Token);
        return ListResult(page, query);
    }

    private static async Task<IResult> SentAsync(string reference, HttpContext http, MessageService messages)
    {
        var query = MessagingRequests.ToInboxQuery(http.Request.Query, allowWait: false);
        var (_, page) = await messages.ListSentAsync(http.TenantId(), reference, query, http.RequestAborted);
        return ListResult(page, query);
    }

    private static IResult ListResult(MessagePage page, InboxQuery query) =>
        query.CountOnly
            ? TypedResults.Json(new MessageCountResponse { Count = page.Total }, BatonJson.Default.MessageCountResponse)
            : TypedResults.Json(page.ToResponse(query.Limit, query.Offset), BatonJson.Default.MessageListResponse);
}

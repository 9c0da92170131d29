using System.Globalization;
using Baton.Contracts;
using Baton.Contracts.Auth;
using Baton.Contracts.Messaging;
using Baton.Contracts.Serialization;

namespace Baton.Client;

public sealed partial class BatonClient
{
    /// <summary><c>POST /v1/agents</c>: the answer carries <c>webhook_secret</c> once, when a webhook URL was given.</summary>
    public Task<AgentResponse> CreateAgentAsync(AgentRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "v1/agents", Body(request, BatonJson.Default.AgentRequest), BatonJson.Default.AgentResponse, null, ct);

    /// <summary><c>GET /v1/agents</c>.</summary>
    public Task<AgentListResponse> ListAgentsAsync(
        string? status = null, bool includeDeleted = false, int? limit = null, int? offset = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get,
            "v1/agents" + QueryString(("status", status), ("include_deleted", includeDeleted ? "true" : null),
                ("limit", Number(limit)), ("offset", Number(offset))),
            null, BatonJson.Default.AgentListResponse, null, ct);

    /// <summary><c>GET /v1/agents/{ref}</c>: by <c>agt_</c> id, slug, or <c>slug@tenant</c>.</summary>
    public Task<AgentResponse> GetAgentAsync(string reference, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, AgentPath(reference), null, BatonJson.Default.AgentResponse, null, ct);

    /// <summary><c>PATCH /v1/agents/{ref}</c>: only the fields set change.</summary>
    public Task<AgentResponse> UpdateAgentAsync(string reference, AgentRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Patch, AgentPath(reference), Body(request, BatonJson.Default.AgentRequest),
            BatonJson.Default.AgentResponse, null, ct);

    /// <summary><c>DELETE /v1/agents/{ref}</c>: a soft delete.</summary>
    public async Task DeleteAgentAsync(string reference, CancellationToken ct = default)
    {
        using var response = await SendRawAsync(HttpMethod.Delete, AgentPath(reference), null, null, ct);
    }

    /// <summary><c>GET /v1/agents/roster</c>.</summary>
    public Task<RosterResponse> GetRosterAsync(CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "v1/agents/roster", null, BatonJson.Default.RosterResponse, null, ct);

    /// <summary><c>POST /v1/agents/{ref}/webhook-secret/regenerate</c> (confirmed): the old secret stops at once.</summary>
    public Task<WebhookSecretResponse> RegenerateAgentWebhookSecretAsync(string reference, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, AgentPath(reference) + "/webhook-secret/regenerate", null,
            BatonJson.Default.WebhookSecretResponse, [(WireHeaders.ConfirmDestructive, "true")], ct);

    /// <summary>
    /// <c>POST /v1/messages</c> from <paramref name="fromAgent"/>. With an <paramref name="idempotencyKey"/> a
    /// repeat within 24 h returns the first message.
    /// </summary>
    public Task<MessageResponse> SendMessageAsync(
        string fromAgent, SendMessageRequest request, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var headers = new List<(string, string)> { (WireHeaders.FromAgent, fromAgent) };
        if (idempotencyKey is not null) headers.Add((WireHeaders.IdempotencyKey, idempotencyKey));
        return SendAsync(HttpMethod.Post, "v1/messages", Body(request, BatonJson.Default.SendMessageRequest),
            BatonJson.Default.MessageResponse, headers, ct);
    }

    /// <summary><c>GET /v1/messages/{id}</c>.</summary>
    public Task<MessageResponse> GetMessageAsync(string id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, MessagePath(id), null, BatonJson.Default.MessageResponse, null, ct);

    /// <summary><c>POST /v1/messages/{id}/read</c>.</summary>
    public Task<MessageResponse> MarkMessageReadAsync(string id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, MessagePath(id) + "/read", null, BatonJson.Default.MessageResponse, null, ct);

    /// <summary><c>POST /v1/messages/{id}/ack</c>: terminal.</summary>
    public Task<MessageResponse> AckMessageAsync(string id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, MessagePath(id) + "/ack", null, BatonJson.Default.MessageResponse, null, ct);

    /// <summary>
    /// <c>GET /v1/agents/{ref}/inbox</c>: the queued messages returned become delivered. With
    /// <see cref="InboxQuery.WaitSeconds"/> an empty inbox read parks on the server until a message arrives.
    /// </summary>
    public Task<MessageListResponse> ReadInboxAsync(string agent, InboxQuery? query = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, AgentPath(agent) + "/inbox" + InboxQueryString(query), null,
            BatonJson.Default.MessageListResponse, null, ct);

    /// <summary>
    /// Reads the inbox until the read returns at least one message or <paramref name="timeout"/> passes, with
    /// server-side long-polls (<c>wait=</c>, at most 60 s each) chained — no client polling loop. The
    /// <paramref name="query"/>'s own <see cref="InboxQuery.WaitSeconds"/> is ignored. At the timeout the answer is
    /// the last (empty) page.
    /// </summary>
    public async Task<MessageListResponse> WaitForInboxAsync(
        string agent, InboxQuery query, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var wait = WaitSecondsUntil(deadline);
            var page = await ReadInboxAsync(agent, query with { WaitSeconds = wait }, ct);
            if (page.Messages.Count > 0 || wait == 0 || DateTimeOffset.UtcNow >= deadline) return page;
        }
    }

    /// <summary><c>GET /v1/agents/{ref}/sent</c>.</summary>
    public Task<MessageListResponse> ListSentAsync(string agent, InboxQuery? query = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, AgentPath(agent) + "/sent" + InboxQueryString(query), null,
            BatonJson.Default.MessageListResponse, null, ct);

    private static string InboxQueryString(InboxQuery? q) =>
        q is null
            ? ""
            : QueryString(("state", q.State), ("since", q.Since?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
                ("thread_id", q.ThreadId), ("counterpart", q.Counterpart), ("limit", Number(q.Limit)),
                ("offset", Number(q.Offset)), ("wait", Number(q.WaitSeconds)));

    private static string AgentPath(string reference) => "v1/agents/" + Uri.EscapeDataString(reference);

    private static string MessagePath(string id) => "v1/messages/" + Uri.EscapeDataString(id);
}

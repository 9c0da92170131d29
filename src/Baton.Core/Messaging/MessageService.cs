using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Baton.Core.Notifications;
using Baton.Core.Storage;

namespace Baton.Core.Messaging;

/// <summary>
/// Sending, reading and acknowledging messages between a tenant's agents. An inbox read that finds nothing may
/// park (<see cref="Parking"/>) on the recipient's inbox topic, which a send wakes on any node.
/// </summary>
public sealed class MessageService(
    IMessageStore store, IExecutionStore executions, AgentService agents, INotifier notifier, Parking parking, TimeProvider time)
{
    public const string IdPrefix = "msg_";

    /// <summary>Timers that wake inboxes when a future send_at comes, held so they are not collected first.</summary>
    private readonly ConcurrentDictionary<string, ITimer> _dueTimers = new(StringComparer.Ordinal);

    /// <summary>The sending agent named by <c>X-Cueapi-From-Agent</c>: a live agent of the tenant.</summary>
    public async Task<Agent> ResolveSenderAsync(string tenantId, string? fromReference, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(fromReference)) throw Errors.SenderRequired();
        return await agents.ResolveAsync(tenantId, fromReference, ct);
    }

    public async Task<SendMessageResult> SendAsync(
        string tenantId, Agent from, MessageDraft draft, string? idempotencyKey, CancellationToken ct)
    {
        var to = await agents.ResolveAsync(tenantId, draft.To, ct);
        var replyToAgent = draft.ReplyToAgent is null ? null : await agents.ResolveAsync(tenantId, draft.ReplyToAgent, ct);
        var executionId = await LinkedExecutionAsync(tenantId, draft, ct);
        var message = new NewMessage
        {
            Id = IdPrefix + Ids.RandomToken(12),
            FromAgentId = from.Id,
            ToAgentId = to.Id,
            ReplyTo = draft.ReplyTo,
            Subject = draft.Subject,
            Body = draft.Body,
            Priority = draft.Priority,
            ExpectsReply = draft.ExpectsReply,
            ReplyToAgentId = replyToAgent?.Id,
            MetadataJson = draft.MetadataJson,
            IdempotencyKey = idempotencyKey,
            RequestHash = idempotencyKey is null ? null : RequestHash(to.Id, replyToAgent?.Id, draft),
            ExecutionId = executionId,
            CorrelationId = draft.CorrelationId,
            SendAt = draft.SendAt,
            Push = to.WebhookUrl is not null,
        };

        var result = await store.SendMessageAsync(new SendMessageParams(tenantId, message, time.GetUtcNow()), ct);
        if (!result.Existing) Announce(result.Message, message.Push || result.PushesEvents);
        return result;
    }

    /// <summary>
    /// The execution a message names: a first-class execution_id must be one of the tenant's (else 422, as for any
    /// field that names nothing); one found in metadata is linked only when it is, since CueAPI clients put ids of
    /// their own there.
    /// </summary>
    private async Task<Guid?> LinkedExecutionAsync(string tenantId, MessageDraft draft, CancellationToken ct)
    {
        var named = draft.ExecutionId ?? draft.MetadataExecutionId;
        if (named is not { } id) return null;
        if (await executions.GetExecutionAsync(new GetExecutionParams(tenantId, id), ct) is not null) return id;
        return draft.ExecutionId is null ? null : throw Errors.MessageExecutionNotFound();
    }

    /// <summary>The conversation beside the work: the messages that name the execution, oldest first.</summary>
    public async Task<IReadOnlyList<Message>> ListForExecutionAsync(string tenantId, Guid executionId, CancellationToken ct)
    {
        if (await executions.GetExecutionAsync(new GetExecutionParams(tenantId, executionId), ct) is null) throw Errors.ExecutionNotFound();
        return await store.ListExecutionMessagesAsync(new ListExecutionMessagesParams(tenantId, executionId), ct);
    }

    public async Task<Message> GetAsync(string tenantId, string messageId, CancellationToken ct) =>
        await store.GetMessageAsync(new GetMessageParams(tenantId, messageId), ct) ?? throw Errors.MessageNotFound();

    public Task<Message> MarkReadAsync(string tenantId, string messageId, CancellationToken ct) =>
        store.AdvanceMessageAsync(new AdvanceMessageParams(tenantId, messageId, DeliveryStates.Read, time.GetUtcNow()), ct);

    public Task<Message> AckAsync(string tenantId, string messageId, CancellationToken ct) =>
        store.AdvanceMessageAsync(new AdvanceMessageParams(tenantId, messageId, DeliveryStates.Acked, time.GetUtcNow()), ct);

    /// <summary>
    /// The agent's inbox; the queued messages returned become delivered. With a wait, a read that finds nothing
    /// parks until a message arrives (on any node) or the wait ends, and then answers with what it finds.
    /// </summary>
    public async Task<(Agent Agent, MessagePage Page)> ReadInboxAsync(
        string tenantId, string agentReference, InboxQuery query, CancellationToken ct)
    {
        var (agent, counterpart) = await ResolveListAsync(tenantId, agentReference, query, ct, includeDeleted: false);
        ReadInboxParams Read() => new(tenantId, agent.Id)
        {
            States = query.States,
            Since = query.Since,
            ThreadId = query.ThreadId,
            CounterpartId = counterpart?.Id,
            Limit = query.Limit,
            Offset = query.Offset,
            CountOnly = query.CountOnly,
            Now = time.GetUtcNow(),
        };

        if (query.Wait <= TimeSpan.Zero) return (agent, await store.ReadInboxAsync(Read(), ct));
        var page = await parking.UntilAsync(
            Topics.Inbox(agent.Id),
            look => store.ReadInboxAsync(Read(), look),
            p => p.Items.Count > 0 || (query.CountOnly && p.Total > 0),
            query.Wait,
            ct);
        return (agent, page);
    }

    public async Task<(Agent Agent, MessagePage Page)> ListSentAsync(
        string tenantId, string agentReference, InboxQuery query, CancellationToken ct)
    {
        var (agent, counterpart) = await ResolveListAsync(tenantId, agentReference, query, ct, includeDeleted: true);
        var page = await store.ListSentAsync(new ListSentParams(tenantId, agent.Id)
        {
            States = query.States,
            Since = query.Since,
            ThreadId = query.ThreadId,
            CounterpartId = counterpart?.Id,
            Limit = query.Limit,
            Offset = query.Offset,
            CountOnly = query.CountOnly,
        }, ct);
        return (agent, page);
    }

    /// <summary>
    /// The agent whose inbox or sent list is read (a deleted one only when <paramref name="includeDeleted"/>) and the
    /// counterpart the query names, deleted or not: a conversation outlives its agents.
    /// </summary>
    private async Task<(Agent Agent, Agent? Counterpart)> ResolveListAsync(
        string tenantId, string agentReference, InboxQuery query, CancellationToken ct, bool includeDeleted)
    {
        var agent = await agents.ResolveAsync(tenantId, agentReference, ct, includeDeleted);
        var counterpart = query.Counterpart is null ? null : await agents.ResolveAsync(tenantId, query.Counterpart, ct, includeDeleted: true);
        return (agent, counterpart);
    }

    /// <summary>
    /// Wakes the recipient's parked readers and the push dispatchers, now or, for a future send_at, when it comes
    /// (a timer on this node; a parked reader on another node of a restarted cluster finds it at its safety look).
    /// A message that comes due later always wakes the dispatchers: they write its events if the recipient has a
    /// webhook subscription by then, and push them.
    /// </summary>
    private void Announce(Message message, bool push)
    {
        var delay = message.DueAt - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            Wake(message.ToAgentId, push);
            return;
        }

        var timer = time.CreateTimer(_ =>
        {
            if (_dueTimers.TryRemove(message.Id, out var fired)) fired.Dispose();
            Wake(message.ToAgentId, push: true);
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _dueTimers[message.Id] = timer;
        timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void Wake(string agentId, bool push)
    {
        notifier.Notify(Topics.Inbox(agentId));
        if (push) notifier.Notify(Topics.MessagePushes);
    }

    /// <summary>What the request asked for, so a replayed key can tell the same request from another one.</summary>
    private static string RequestHash(string toAgentId, string? replyToAgentId, MessageDraft d)
    {
        var text = string.Join('\u001f', toAgentId, d.Body, d.Subject, d.ReplyTo, d.Priority, d.ExpectsReply, replyToAgentId,
            d.MetadataJson, d.CorrelationId, d.SendAt?.ToUnixTimeMilliseconds(), d.ExecutionId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

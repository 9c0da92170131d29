using Baton.Core.Messaging;

namespace Baton.Core.Storage;

/// <summary>Messages between agents, their inboxes and push deliveries (docs/messaging.md).</summary>
public interface IMessageStore
{
    /// <summary>
    /// Stores the message, or with an idempotency key used by the sender within 24 h returns that message
    /// (<c>Existing</c>) when the request hash matches and throws idempotency_key_conflict when it does not. A
    /// reply takes its parent's thread; an unknown parent throws message_not_found.
    /// </summary>
    Task<SendMessageResult> SendMessageAsync(SendMessageParams p, CancellationToken ct);

    Task<Message?> GetMessageAsync(GetMessageParams p, CancellationToken ct);

    /// <summary>
    /// The recipient's due, unexpired messages matching the filter, and in the same atomic step moves the
    /// returned <c>queued</c> ones to <c>delivered</c>: however many readers race, each message is reported in
    /// <see cref="MessagePage.NewlyDelivered"/> by exactly one read. With <c>CountOnly</c> nothing changes.
    /// </summary>
    Task<MessagePage> ReadInboxAsync(ReadInboxParams p, CancellationToken ct);

    /// <summary>The messages of the tenant that name the execution, oldest first (at most <c>Limit</c>); changes nothing.</summary>
    Task<IReadOnlyList<Message>> ListExecutionMessagesAsync(ListExecutionMessagesParams p, CancellationToken ct);

    /// <summary>The sender's messages; changes nothing.</summary>
    Task<MessagePage> ListSentAsync(ListSentParams p, CancellationToken ct);

    /// <summary>
    /// Moves the message forward to <c>read</c> or <c>acked</c> (never back); the same state again changes nothing.
    /// Throws message_not_found, or invalid_state_transition from a terminal state.
    /// </summary>
    Task<Message> AdvanceMessageAsync(AdvanceMessageParams p, CancellationToken ct);

    /// <summary>
    /// The push deliveries due now, across tenants, each leased for <c>LeaseSeconds</c> so several nodes never
    /// send one at once (SKIP LOCKED on PostgreSQL).
    /// </summary>
    Task<IReadOnlyList<MessagePush>> ClaimMessagePushesAsync(ClaimMessagePushesParams p, CancellationToken ct);

    /// <summary>Records how a push went: sent, failed for good, or due again at <c>RetryAt</c>.</summary>
    Task RecordMessagePushAsync(RecordMessagePushParams p, CancellationToken ct);
}

using System.Text.Json;

namespace Baton.Contracts.Messaging;

/// <summary>A message between two agents of one account.</summary>
public sealed record MessageResponse
{
    /// <summary><c>msg_</c> + 12 characters.</summary>
    public required string Id { get; init; }

    public required string UserId { get; init; }
    public required string FromAgentId { get; init; }
    public required string ToAgentId { get; init; }

    /// <summary>The id of the conversation's first message.</summary>
    public required string ThreadId { get; init; }

    public string? ReplyTo { get; init; }
    public string? Subject { get; init; }
    public required string Body { get; init; }

    /// <summary>The body's first 200 characters.</summary>
    public required string Preview { get; init; }

    public required int Priority { get; init; }
    public required bool ExpectsReply { get; init; }
    public string? ReplyToAgentId { get; init; }

    /// <summary><c>queued</c>, <c>delivered</c>, <c>read</c>, <c>acked</c> or <c>expired</c>.</summary>
    public required string DeliveryState { get; init; }

    /// <summary>Always an object (<c>{}</c> when none was given).</summary>
    public required JsonElement Metadata { get; init; }

    public string? IdempotencyKey { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset? ReadAt { get; init; }
    public DateTimeOffset? AckedAt { get; init; }
    public DateTimeOffset? SendAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public string? CorrelationId { get; init; }

    /// <summary>(ext) The execution this message is about.</summary>
    public Guid? ExecutionId { get; init; }

    /// <summary>(ext) Push to the recipient's webhook: <c>pending</c>, <c>sent</c> or <c>failed</c>; null for pull-only recipients.</summary>
    public string? PushState { get; init; }

    /// <summary>(ext) Why the last push attempt failed.</summary>
    public string? PushError { get; init; }
}

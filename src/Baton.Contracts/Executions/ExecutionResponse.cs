using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Contracts.Executions;

/// <summary>
/// An execution as the API shows it: CueAPI's fields first, then Baton's additions. Every key is written, null
/// or not, because CueAPI clients expect the keys.
/// </summary>
public sealed record ExecutionResponse
{
    /// <summary>A UUID (v7, time-ordered).</summary>
    public required Guid Id { get; init; }

    /// <summary>The cue that produced it; null for a direct enqueue.</summary>
    public string? CueId { get; init; }

    /// <summary>When it is due.</summary>
    public required DateTimeOffset ScheduledFor { get; init; }

    /// <summary><c>pending</c>, <c>delivering</c>, <c>retrying</c>, <c>success</c>, <c>failed</c>, <c>missed</c> or <c>cancelled</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The HTTP status of the last webhook delivery.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>How many times it has been claimed (delivered).</summary>
    public required int Attempts { get; init; }

    /// <summary>The error of the last failed attempt.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>When it was first claimed.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it was last delivered to a worker.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>When the last attempt started.</summary>
    public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>The last reported outcome, or null.</summary>
    public ExecutionOutcomeResponse? Outcome { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>(ext) A label for people.</summary>
    public string? Title { get; init; }

    /// <summary>(ext) Its queue.</summary>
    public required string Queue { get; init; }

    /// <summary>(ext) The handler name.</summary>
    public string? Task { get; init; }

    /// <summary>(ext) The agent name.</summary>
    public string? Agent { get; init; }

    /// <summary>(ext) Higher is claimed first.</summary>
    public required int Priority { get; init; }

    /// <summary>(ext) The run it belongs to.</summary>
    public string? RunId { get; init; }

    /// <summary>(ext) Its tags.</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>(ext) The payload, a JSON object.</summary>
    public required JsonElement Payload { get; init; }

    /// <summary>(ext) Claims allowed before it fails for good.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>(ext) When a retrying execution becomes claimable again.</summary>
    public DateTimeOffset? NextRetry { get; init; }

    /// <summary>(ext) The worker holding (or that last held) the claim.</summary>
    public string? ClaimedByWorker { get; init; }

    /// <summary>(ext) When the current lease runs out unless extended by a heartbeat.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>(ext) When the claimer last heartbeated.</summary>
    public DateTimeOffset? LastHeartbeatAt { get; init; }

    /// <summary>(ext) Progress the claimer last reported with a heartbeat.</summary>
    public JsonElement? Progress { get; init; }

    /// <summary>(ext) <c>reported_success</c>, <c>reported_failure</c>, <c>verification_pending</c>, <c>verified_success</c> or <c>verification_failed</c>.</summary>
    public string? OutcomeState { get; init; }

    /// <summary>(ext) The proof of work the worker reported.</summary>
    public EvidenceResponse? Evidence { get; init; }

    /// <summary>(ext) <c>scheduled</c>, <c>manual_fire</c>, <c>replay</c>, <c>chain</c> or <c>api</c>.</summary>
    public required string TriggeredBy { get; init; }

    /// <summary>(ext) The execution this one replays.</summary>
    public Guid? ReplayedFrom { get; init; }

    /// <summary>(ext) When it was cancelled.</summary>
    public DateTimeOffset? CancelledAt { get; init; }

    /// <summary>(ext) Why it was cancelled.</summary>
    public string? CancelReason { get; init; }

    /// <summary>
    /// (ext) The W3C <c>traceparent</c> of the trace the execution belongs to (its enqueuer's), so a worker continues
    /// it; absent when it was made without one.
    /// </summary>
    [JsonPropertyName("traceparent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceParent { get; init; }

    /// <summary>(ext) The W3C <c>tracestate</c> that came with <see cref="TraceParent"/>.</summary>
    [JsonPropertyName("tracestate")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceState { get; init; }
}

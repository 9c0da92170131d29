namespace Baton.Core.Executions;

/// <summary>
/// One unit of work, as stored. <see cref="AvailableAt"/> is when it becomes claimable: <see cref="ScheduledFor"/>
/// at first, <see cref="NextRetry"/> while retrying. <see cref="Sequence"/> is the creation order used to break ties.
/// </summary>
public sealed record Execution
{
    public required Guid Id { get; init; }
    public required long Sequence { get; init; }
    public required string TenantId { get; init; }
    public string? CueId { get; init; }
    public required ExecutionStatus Status { get; init; }
    public required DateTimeOffset ScheduledFor { get; init; }
    public required DateTimeOffset AvailableAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public string? Title { get; init; }
    public required string Queue { get; init; }
    public string? Task { get; init; }
    public string? Agent { get; init; }
    public int Priority { get; init; }
    public string? RunId { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The payload as JSON object text.</summary>
    public required string PayloadJson { get; init; }
    public int Attempts { get; init; }
    public required int MaxAttempts { get; init; }
    public IReadOnlyList<int> BackoffSeconds { get; init; } = [];
    public DateTimeOffset? NextRetry { get; init; }
    public string? ClaimedByWorker { get; init; }
    public string? ClaimToken { get; init; }
    public int? LeaseSeconds { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }
    public DateTimeOffset? LastHeartbeatAt { get; init; }
    /// <summary>The last progress value a heartbeat carried, as JSON text.</summary>
    public string? ProgressJson { get; init; }
    public int? HttpStatus { get; init; }
    public string? ErrorMessage { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public ExecutionOutcome? Outcome { get; init; }
    public string? OutcomeState { get; init; }
    public Evidence? Evidence { get; init; }
    public required string TriggeredBy { get; init; }
    public Guid? ReplayedFrom { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public string? CancelReason { get; init; }
    public string? IdempotencyKey { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary><c>worker</c> (claimed by workers) or <c>webhook</c> (claimed only by the server's dispatcher).</summary>
    public string Transport { get; init; } = Cues.CueTransports.Worker;

    /// <summary>The cue's <c>verification.mode</c> when the execution was made; decides its <c>outcome_state</c>.</summary>
    public string VerificationMode { get; init; } = Cues.VerificationModes.None;

    /// <summary>
    /// The W3C <c>traceparent</c> of the trace this execution belongs to: its enqueuer's, or the scheduler's own for
    /// a scheduled fire. The claim hands it to the worker, so the handler's spans join that trace.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>The W3C <c>tracestate</c> that came with <see cref="TraceParent"/>.</summary>
    public string? TraceState { get; init; }
}

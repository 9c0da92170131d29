namespace Baton.Core.Executions;

/// <summary>
/// An execution about to be inserted. <see cref="RequestHash"/> fingerprints the request that carried an
/// <see cref="IdempotencyKey"/>, so a repeat can be told from a conflicting reuse of the key.
/// </summary>
public sealed record NewExecution
{
    public required Guid Id { get; init; }
    public string? CueId { get; init; }
    public string? Title { get; init; }
    public required string Queue { get; init; }
    public string? Task { get; init; }
    public string? Agent { get; init; }
    public int Priority { get; init; }
    public string? RunId { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public required string PayloadJson { get; init; }
    public required DateTimeOffset ScheduledFor { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public required int MaxAttempts { get; init; }
    public IReadOnlyList<int> BackoffSeconds { get; init; } = [];
    public string? IdempotencyKey { get; init; }
    public string? RequestHash { get; init; }
    public required string TriggeredBy { get; init; }
    public Guid? ReplayedFrom { get; init; }

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

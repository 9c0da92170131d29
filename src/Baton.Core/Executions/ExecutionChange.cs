namespace Baton.Core.Executions;

/// <summary>
/// The columns a transition writes. A driver applies it with a compare-and-set on the (status, claim_token) the
/// decision was made from, so a transition decided on a stale read can never land.
/// </summary>
public sealed record ExecutionChange
{
    public required ExecutionStatus Status { get; init; }
    public required DateTimeOffset AvailableAt { get; init; }
    public int Attempts { get; init; }
    public string? ClaimedByWorker { get; init; }
    public string? ClaimToken { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }
    public DateTimeOffset? NextRetry { get; init; }
    public string? ErrorMessage { get; init; }

    /// <summary>The status code of the last webhook delivery (null for worker executions).</summary>
    public int? HttpStatus { get; init; }

    public ExecutionOutcome? Outcome { get; init; }
    public string? OutcomeState { get; init; }
    public Evidence? Evidence { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public string? CancelReason { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Starts a change that keeps every column of <paramref name="e"/> as it is.</summary>
    public static ExecutionChange Keep(Execution e) => new()
    {
        Status = e.Status,
        AvailableAt = e.AvailableAt,
        Attempts = e.Attempts,
        ClaimedByWorker = e.ClaimedByWorker,
        ClaimToken = e.ClaimToken,
        LeaseExpiresAt = e.LeaseExpiresAt,
        NextRetry = e.NextRetry,
        ErrorMessage = e.ErrorMessage,
        HttpStatus = e.HttpStatus,
        Outcome = e.Outcome,
        OutcomeState = e.OutcomeState,
        Evidence = e.Evidence,
        DeliveredAt = e.DeliveredAt,
        CancelledAt = e.CancelledAt,
        CancelReason = e.CancelReason,
        FinishedAt = e.FinishedAt,
    };

    /// <summary>
    /// <paramref name="e"/> as it reads after this change is written at <paramref name="now"/>: what a driver that
    /// decides several changes to one row inside a transaction sees for the next decision, and what the SQLite
    /// driver answers with after its compare-and-set, instead of reading the row back.
    /// </summary>
    public Execution ApplyTo(Execution e, DateTimeOffset now) => e with
    {
        Status = Status,
        AvailableAt = AvailableAt,
        Attempts = Attempts,
        ClaimedByWorker = ClaimedByWorker,
        ClaimToken = ClaimToken,
        LeaseExpiresAt = LeaseExpiresAt,
        NextRetry = NextRetry,
        ErrorMessage = ErrorMessage,
        HttpStatus = HttpStatus,
        Outcome = Outcome,
        OutcomeState = OutcomeState,
        Evidence = Evidence is { IsEmpty: true } ? null : Evidence, // no evidence columns set read back as none
        DeliveredAt = DeliveredAt,
        CancelledAt = CancelledAt,
        CancelReason = CancelReason,
        FinishedAt = FinishedAt,
        UpdatedAt = now,
    };
}

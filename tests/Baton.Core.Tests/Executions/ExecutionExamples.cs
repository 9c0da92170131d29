using Baton.Core.Executions;

namespace Baton.Core.Tests.Executions;

/// <summary>
/// Executions in each state of docs/state-machine.md, built the way the SQLite driver leaves its rows, so the rules are tested
/// against realistic inputs. <see cref="Apply"/> writes a decided change back, so tests can chain transitions.
/// </summary>
internal static class ExecutionExamples
{
    public const string Claimer = "worker-a";
    public const string OtherWorker = "worker-b";
    public const string Token = "0123456789abcdef0123456789abcdef";
    public const string StaleToken = "ffffffffffffffffffffffffffffffff";

    /// <summary>The token of a later claim, after the first claimer's lease expired.</summary>
    public const string NextClaimToken = "11111111111111111111111111111111";

    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static Execution Pending(int attempts = 0, int maxAttempts = 3) => new()
    {
        Id = Guid.Parse("0193f5a0-0000-7000-8000-000000000001"),
        Sequence = 1,
        TenantId = "tenant-1",
        Status = ExecutionStatus.Pending,
        ScheduledFor = Now.AddMinutes(-10),
        AvailableAt = Now.AddMinutes(-10),
        Queue = "default",
        Task = "build",
        PayloadJson = "{}",
        Attempts = attempts,
        MaxAttempts = maxAttempts,
        BackoffSeconds = [10, 60, 600],
        TriggeredBy = TriggeredBy.Api,
        CreatedAt = Now.AddMinutes(-10),
        UpdatedAt = Now.AddMinutes(-10),
    };

    /// <summary>Claimed by <see cref="Claimer"/> with <see cref="Token"/>; <paramref name="attempts"/> counts this claim.</summary>
    public static Execution Delivering(int attempts = 1, int maxAttempts = 3) => Pending(attempts, maxAttempts) with
    {
        Status = ExecutionStatus.Delivering,
        ClaimedByWorker = Claimer,
        ClaimToken = Token,
        LeaseSeconds = 300,
        LeaseExpiresAt = Now.AddMinutes(5),
        StartedAt = Now.AddMinutes(-1),
        DeliveredAt = Now.AddMinutes(-1),
        LastAttemptAt = Now.AddMinutes(-1),
    };

    public static Execution Retrying() => Pending(attempts: 1) with
    {
        Status = ExecutionStatus.Retrying,
        NextRetry = Now.AddSeconds(10),
        AvailableAt = Now.AddSeconds(10),
        ErrorMessage = "first try failed",
        Outcome = new ExecutionOutcome(false, null, "first try failed", null, Now.AddMinutes(-1)),
        OutcomeState = OutcomeStates.ReportedFailure,
    };

    public static Execution Succeeded() => Delivering() with
    {
        Status = ExecutionStatus.Success,
        LeaseExpiresAt = null,
        Outcome = new ExecutionOutcome(true, "done", null, null, Now.AddMinutes(-1)),
        OutcomeState = OutcomeStates.ReportedSuccess,
        FinishedAt = Now.AddMinutes(-1),
    };

    /// <summary>A webhook delivery answered 2xx: finished successfully, but no worker has reported an outcome.</summary>
    public static Execution DeliveredWithoutOutcome() => Succeeded() with { Outcome = null, OutcomeState = null };

    public static Execution Failed() => Delivering(attempts: 3) with
    {
        Status = ExecutionStatus.Failed,
        LeaseExpiresAt = null,
        Outcome = new ExecutionOutcome(false, null, "boom", null, Now.AddMinutes(-1)),
        OutcomeState = OutcomeStates.ReportedFailure,
        FinishedAt = Now.AddMinutes(-1),
    };

    /// <summary>The rescuer failed it after the lease expired on its last attempt: no outcome was ever reported.</summary>
    public static Execution FailedByRescuer() => Pending(attempts: 3) with
    {
        Status = ExecutionStatus.Failed,
        ErrorMessage = "lease expired on attempt 3 of 3",
        FinishedAt = Now.AddMinutes(-1),
    };

    public static Execution Missed() => Pending() with
    {
        Status = ExecutionStatus.Missed,
        ExpiresAt = Now.AddMinutes(-1),
        FinishedAt = Now.AddMinutes(-1),
    };

    /// <summary>Cancelled while claimed: the claim columns stay so the claimer's heartbeat learns of it.</summary>
    public static Execution CancelledWhileClaimed() => Delivering() with
    {
        Status = ExecutionStatus.Cancelled,
        LeaseExpiresAt = null,
        CancelledAt = Now.AddMinutes(-1),
        CancelReason = "no longer needed",
        FinishedAt = Now.AddMinutes(-1),
    };

    public static Execution CancelledWhilePending() => Pending() with
    {
        Status = ExecutionStatus.Cancelled,
        CancelledAt = Now.AddMinutes(-1),
        FinishedAt = Now.AddMinutes(-1),
    };

    /// <summary>The examples above by name, for table-driven theories.</summary>
    public static Execution Named(string name) => name switch
    {
        "pending" => Pending(),
        "delivering" => Delivering(),
        "retrying" => Retrying(),
        "succeeded" => Succeeded(),
        "delivered_without_outcome" => DeliveredWithoutOutcome(),
        "failed" => Failed(),
        "failed_by_rescuer" => FailedByRescuer(),
        "missed" => Missed(),
        "cancelled_while_claimed" => CancelledWhileClaimed(),
        "cancelled_while_pending" => CancelledWhilePending(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such example"),
    };

    /// <summary>Writes <paramref name="change"/> to <paramref name="e"/> the way the driver's compare-and-set does.</summary>
    public static Execution Apply(this Execution e, ExecutionChange change) => e with
    {
        Status = change.Status,
        AvailableAt = change.AvailableAt,
        Attempts = change.Attempts,
        ClaimedByWorker = change.ClaimedByWorker,
        ClaimToken = change.ClaimToken,
        LeaseExpiresAt = change.LeaseExpiresAt,
        NextRetry = change.NextRetry,
        ErrorMessage = change.ErrorMessage,
        Outcome = change.Outcome,
        OutcomeState = change.OutcomeState,
        Evidence = change.Evidence,
        DeliveredAt = change.DeliveredAt,
        CancelledAt = change.CancelledAt,
        CancelReason = change.CancelReason,
        FinishedAt = change.FinishedAt,
    };

    public static OutcomeReport Report(
        bool success, string? workerId = null, string? claimToken = null, bool retryable = true) => new()
        {
            ExecutionId = Pending().Id,
            WorkerId = workerId,
            ClaimToken = claimToken,
            Success = success,
            Result = success ? "done" : null,
            Error = success ? null : "boom",
            MetadataJson = """{"tokens":12}""",
            Evidence = new Evidence(ExternalId: "PR-42"),
            Retryable = retryable,
        };
}

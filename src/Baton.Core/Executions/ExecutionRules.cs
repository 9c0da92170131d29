namespace Baton.Core.Executions;

/// <summary>
/// The state machine of docs/state-machine.md as pure decisions: given the current row and a request, either the change to
/// write or the domain error to answer. Drivers read the row, ask here, and write the change with a
/// compare-and-set, so both stores share one set of rules.
/// </summary>
public static partial class ExecutionRules
{
    /// <summary>A heartbeat must name the current claimer; a stale token means the claim is gone.</summary>
    public static void CheckHeartbeat(Execution? current, string? workerId, string? claimToken)
    {
        if (current is null) throw Errors.ExecutionNotFound();
        if (workerId is null) throw Errors.NotOwner();
        if (current.Status == ExecutionStatus.Cancelled) throw Errors.Cancelled();
        if (claimToken is not null && claimToken != current.ClaimToken) throw Errors.ClaimLost();
        if (current.Status != ExecutionStatus.Delivering) throw Errors.NotClaiming();
        if (workerId != current.ClaimedByWorker) throw Errors.NotOwner();
    }

    public static ExecutionChange Heartbeat(Execution current, int leaseSeconds, DateTimeOffset now) =>
        ExecutionChange.Keep(current) with { LeaseExpiresAt = now.AddSeconds(leaseSeconds) };

    /// <summary>
    /// Decides what an outcome does. Identity, when sent, must match the current claim; an identity-less report
    /// is the tenant speaking (CueAPI clients send none) unless <paramref name="strictOwnership"/> is on.
    /// </summary>
    public static ExecutionChange DecideOutcome(
        Execution? current, OutcomeReport report, bool strictOwnership, DateTimeOffset now)
    {
        if (current is null) throw Errors.ExecutionNotFound();
        if (report.ClaimToken is not null && report.ClaimToken != current.ClaimToken) throw Errors.ClaimLost();
        if (current.Status.IsTerminal())
        {
            // Write-once: a terminal execution keeps its outcome. A successful delivery that carries no outcome
            // yet (a webhook answered 2xx) may still receive its one report.
            if (current.Outcome is not null) throw Errors.OutcomeAlreadyRecorded();
            if (current.Status == ExecutionStatus.Cancelled) throw Errors.Cancelled();
            if (current.Status != ExecutionStatus.Success) throw Errors.Terminal();
            return ExecutionChange.Keep(current) with
            {
                Outcome = ToOutcome(report, now),
                OutcomeState = OutcomeStateFor(current.VerificationMode, report.Success, report.Evidence),
                Evidence = report.Evidence,
            };
        }

        if (report.WorkerId is not null && report.WorkerId != current.ClaimedByWorker)
        {
            throw current.Status == ExecutionStatus.Delivering ? Errors.NotOwner() : Errors.NotClaiming();
        }

        if (strictOwnership && report.WorkerId is null && report.ClaimToken is null) throw Errors.NotOwner();
        if (current.Status != ExecutionStatus.Delivering) throw Errors.NotClaiming();

        var change = ExecutionChange.Keep(current) with
        {
            Outcome = ToOutcome(report, now),
            Evidence = report.Evidence,
            LeaseExpiresAt = null,
            HttpStatus = report.HttpStatus ?? current.HttpStatus,
        };
        if (report.Success)
        {
            return change with
            {
                Status = ExecutionStatus.Success,
                OutcomeState = OutcomeStateFor(current.VerificationMode, success: true, report.Evidence),
                ErrorMessage = null,
                FinishedAt = now,
            };
        }

        if (report.Retryable && current.Attempts < current.MaxAttempts)
        {
            var next = now + RetryPolicy.BackoffAfter(current.BackoffSeconds, current.Attempts);
            return change with
            {
                Status = ExecutionStatus.Retrying,
                OutcomeState = OutcomeStates.ReportedFailure,
                ErrorMessage = report.Error,
                NextRetry = next,
                AvailableAt = next,
                ClaimedByWorker = null,
                ClaimToken = null,
            };
        }

        return change with
        {
            Status = ExecutionStatus.Failed,
            OutcomeState = OutcomeStates.ReportedFailure,
            ErrorMessage = report.Error,
            FinishedAt = now,
        };
    }

    /// <summary>The claimer hands the execution back; the attempt it used is not counted.</summary>
    public static ExecutionChange DecideRelease(Execution? current, string? workerId, string? claimToken)
    {
        if (current is null) throw Errors.ExecutionNotFound();
        if (claimToken is not null && claimToken != current.ClaimToken) throw Errors.ClaimLost();
        if (current.Status == ExecutionStatus.Cancelled) throw Errors.Cancelled();
        if (current.Status.IsTerminal()) throw Errors.Terminal();
        if (current.Status != ExecutionStatus.Delivering) throw Errors.NotClaiming();
        if (workerId is null ? claimToken is null : workerId != current.ClaimedByWorker) throw Errors.NotOwner();

        return ExecutionChange.Keep(current) with
        {
            Status = ExecutionStatus.Pending,
            Attempts = Math.Max(0, current.Attempts - 1),
            ClaimedByWorker = null,
            ClaimToken = null,
            LeaseExpiresAt = null,
        };
    }

    /// <summary>Cancel works from any non-terminal state; a claimed execution needs its claimer or force.</summary>
    public static ExecutionChange DecideCancel(
        Execution? current, string? workerId, string? reason, bool force, DateTimeOffset now)
    {
        if (current is null) throw Errors.ExecutionNotFound();
        if (current.Status.IsTerminal()) throw Errors.Terminal();
        if (current.Status == ExecutionStatus.Delivering && !force && workerId != current.ClaimedByWorker)
        {
            throw Errors.NotOwner();
        }

        // The claim columns stay, so the claimer's next heartbeat can be told it was cancelled.
        return ExecutionChange.Keep(current) with
        {
            Status = ExecutionStatus.Cancelled,
            LeaseExpiresAt = null,
            CancelledAt = now,
            CancelReason = reason,
            FinishedAt = now,
        };
    }

    private static ExecutionOutcome ToOutcome(OutcomeReport report, DateTimeOffset now) =>
        new(report.Success, report.Result, report.Error, report.MetadataJson, now);
}

namespace Baton.Core.Executions;

// The background steps' decisions (the rescuer and the missed-window sweep), once for both drivers: each driver
// selects the rows (with SKIP LOCKED on PostgreSQL), and writes these changes as compare-and-sets, so an outcome
// that committed first moved the row out of the state decided from and the rescuer cannot flip it back (River #1302).
public static partial class ExecutionRules
{
    /// <summary>
    /// A lease ran out: the execution goes back to the queue, or fails if that claim was its last attempt (the
    /// attempt was counted at claim time). The claim is cleared either way.
    /// </summary>
    public static ExecutionChange DecideRescue(Execution current, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.Status != ExecutionStatus.Delivering) throw Errors.NotClaiming();
        var lastAttempt = current.Attempts >= current.MaxAttempts;
        return ExecutionChange.Keep(current) with
        {
            Status = lastAttempt ? ExecutionStatus.Failed : ExecutionStatus.Pending,
            ErrorMessage = lastAttempt
                ? $"lease expired on attempt {current.Attempts} of {current.MaxAttempts}"
                : "lease expired; returned to the queue",
            FinishedAt = lastAttempt ? now : null,
            ClaimedByWorker = null,
            ClaimToken = null,
            LeaseExpiresAt = null,
        };
    }

    /// <summary>
    /// Never-claimed work whose window closed. Only such rows miss: claims refuse exactly those rows past
    /// expires_at, so this never races a claim.
    /// </summary>
    public static ExecutionChange DecideMissed(Execution current, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.Status != ExecutionStatus.Pending || current.Attempts != 0) throw Errors.Terminal();
        return ExecutionChange.Keep(current) with
        {
            Status = ExecutionStatus.Missed,
            FinishedAt = now,
            ErrorMessage = "not claimed before its window closed",
        };
    }
}

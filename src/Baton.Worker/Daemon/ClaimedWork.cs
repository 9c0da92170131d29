using Baton.Contracts.Executions;

namespace Baton.Worker.Daemon;

/// <summary>
/// One execution this worker holds: the execution as claimed, its claim token, its lease length, and how long it
/// waited in the prefetch buffer before it started (its lease ran meanwhile, so its first heartbeat is due sooner).
/// </summary>
public sealed record ClaimedWork(ExecutionResponse Execution, string ClaimToken, int LeaseSeconds, TimeSpan HeldFor = default)
{
    public Guid Id => Execution.Id;

    public static IReadOnlyList<ClaimedWork> From(ClaimResponse claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return claim.Executions is { Count: > 0 } many
            ? [.. many.Select(c => new ClaimedWork(c.Execution, c.ClaimToken, claim.LeaseSeconds))]
            : [new ClaimedWork(claim.Execution, claim.ClaimToken, claim.LeaseSeconds)];
    }
}

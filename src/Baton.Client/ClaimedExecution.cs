using Baton.Contracts.Executions;

namespace Baton.Client;

/// <summary>
/// One execution handed out by a <see cref="ClaimBuffer"/>: the execution as claimed, the token that names the claim
/// (send it with heartbeats, the outcome and a release), the lease granted, and how long ago the claim was sent.
/// </summary>
/// <param name="Execution">The execution as claimed (status <c>delivering</c>).</param>
/// <param name="ClaimToken">Names the claim: send it as <c>X-Claim-Token</c>.</param>
/// <param name="LeaseSeconds">The lease the server granted, counted from the claim.</param>
/// <param name="HeldFor">
/// The time since the claim request that took this execution was sent: the lease has run for at most this long, so
/// the first heartbeat is due that much sooner.
/// </param>
public sealed record ClaimedExecution(ExecutionResponse Execution, string ClaimToken, int LeaseSeconds, TimeSpan HeldFor)
{
    public Guid Id => Execution.Id;
}

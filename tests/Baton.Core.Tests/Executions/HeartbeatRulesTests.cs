using Baton.Core.Executions;
using static Baton.Core.Tests.Executions.ExecutionExamples;

namespace Baton.Core.Tests.Executions;

/// <summary><see cref="ExecutionRules.CheckHeartbeat"/>: who may extend a lease, and what a stopped claimer hears.</summary>
public sealed class HeartbeatRulesTests
{
    [Fact]
    public void The_claimer_with_its_current_token_may_heartbeat()
    {
        ExecutionRules.CheckHeartbeat(Delivering(), Claimer, Token);
    }

    [Fact]
    public void The_claimer_may_heartbeat_without_sending_its_token()
    {
        ExecutionRules.CheckHeartbeat(Delivering(), Claimer, claimToken: null);
    }

    [Fact]
    public void A_heartbeat_for_an_unknown_execution_is_not_found()
    {
        AssertError("execution_not_found", () => ExecutionRules.CheckHeartbeat(null, Claimer, Token));
    }

    [Theory]
    [InlineData("delivering")]
    [InlineData("pending")]
    [InlineData("cancelled_while_claimed")]
    public void A_heartbeat_that_names_no_worker_is_never_waved_through(string state)
    {
        AssertError("not_execution_owner", () => ExecutionRules.CheckHeartbeat(Named(state), null, Token));
    }

    [Fact]
    public void Another_workers_heartbeat_is_refused_as_not_the_owner()
    {
        AssertError("not_execution_owner", () => ExecutionRules.CheckHeartbeat(Delivering(), OtherWorker, null));
    }

    [Fact]
    public void A_heartbeat_with_a_stale_token_learns_its_claim_is_lost()
    {
        // The lease expired and the same worker claimed the execution again: the old token no longer counts.
        var reclaimed = Delivering(attempts: 2) with { ClaimToken = NextClaimToken };
        AssertError("claim_lost", () => ExecutionRules.CheckHeartbeat(reclaimed, Claimer, Token));
    }

    [Fact]
    public void A_heartbeat_with_its_token_after_the_rescuer_requeued_the_execution_learns_its_claim_is_lost()
    {
        var requeued = Pending(attempts: 1) with { ErrorMessage = "lease expired; returned to the queue" };
        AssertError("claim_lost", () => ExecutionRules.CheckHeartbeat(requeued, Claimer, Token));
    }

    [Theory]
    [InlineData(Claimer, Token)]
    [InlineData(Claimer, null)]
    [InlineData(OtherWorker, null)]
    public void After_a_cancel_the_heartbeat_says_the_execution_was_cancelled(string workerId, string? token)
    {
        AssertError("execution_cancelled", () => ExecutionRules.CheckHeartbeat(CancelledWhileClaimed(), workerId, token));
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("retrying")]
    [InlineData("succeeded")]
    [InlineData("failed")]
    [InlineData("missed")]
    public void A_heartbeat_without_a_token_for_an_unclaimed_execution_says_it_is_not_claiming(string state)
    {
        AssertError("execution_not_claiming", () => ExecutionRules.CheckHeartbeat(Named(state), Claimer, null));
    }

    [Fact]
    public void A_heartbeat_moves_the_lease_to_now_plus_the_lease_and_changes_nothing_else()
    {
        var current = Delivering();
        var change = ExecutionRules.Heartbeat(current, leaseSeconds: 120, Now);

        Assert.Equal(Now.AddSeconds(120), change.LeaseExpiresAt);
        Assert.Equal(ExecutionChange.Keep(current) with { LeaseExpiresAt = Now.AddSeconds(120) }, change);
    }

    internal static void AssertError(string code, Action act)
    {
        var error = Assert.Throws<BatonException>(act);
        Assert.Equal(code, error.Code);
    }
}

using Baton.Core.Executions;
using static Baton.Core.Tests.Executions.ExecutionExamples;
using static Baton.Core.Tests.Executions.HeartbeatRulesTests;

namespace Baton.Core.Tests.Executions;

/// <summary><see cref="ExecutionRules.DecideCancel"/>: from any non-terminal state; a claimed one needs its claimer or force.</summary>
public sealed class CancelRulesTests
{
    [Theory]
    [InlineData("pending")]
    [InlineData("retrying")]
    public void Unclaimed_work_is_cancelled_by_the_tenant_without_naming_a_worker(string state)
    {
        var change = ExecutionRules.DecideCancel(Named(state), null, "no longer needed", force: false, Now);

        Assert.Equal(ExecutionStatus.Cancelled, change.Status);
        Assert.Equal(Now, change.CancelledAt);
        Assert.Equal(Now, change.FinishedAt);
        Assert.Equal("no longer needed", change.CancelReason);
    }

    [Fact]
    public void The_claimer_may_cancel_its_own_execution()
    {
        var change = ExecutionRules.DecideCancel(Delivering(), Claimer, null, force: false, Now);

        Assert.Equal(ExecutionStatus.Cancelled, change.Status);
    }

    [Fact]
    public void Force_cancels_a_claimed_execution_without_its_claimer()
    {
        var change = ExecutionRules.DecideCancel(Delivering(), null, "operator stop", force: true, Now);

        Assert.Equal(ExecutionStatus.Cancelled, change.Status);
        Assert.Equal("operator stop", change.CancelReason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(OtherWorker)]
    public void A_claimed_execution_is_not_cancelled_by_anyone_but_its_claimer_without_force(string? workerId)
    {
        AssertError("not_execution_owner",
            () => ExecutionRules.DecideCancel(Delivering(), workerId, null, force: false, Now));
    }

    [Fact]
    public void A_cancel_keeps_the_claim_so_the_claimers_next_heartbeat_hears_execution_cancelled()
    {
        var cancelled = Delivering().Apply(ExecutionRules.DecideCancel(Delivering(), null, null, force: true, Now));

        Assert.Equal(Claimer, cancelled.ClaimedByWorker);
        Assert.Equal(Token, cancelled.ClaimToken);
        Assert.Null(cancelled.LeaseExpiresAt);
        AssertError("execution_cancelled", () => ExecutionRules.CheckHeartbeat(cancelled, Claimer, Token));
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("failed")]
    [InlineData("missed")]
    [InlineData("cancelled_while_pending")]
    public void A_finished_execution_cannot_be_cancelled_even_by_force(string state)
    {
        AssertError("execution_terminal", () => ExecutionRules.DecideCancel(Named(state), Claimer, null, force: true, Now));
    }

    [Fact]
    public void A_cancel_for_an_unknown_execution_is_not_found()
    {
        AssertError("execution_not_found", () => ExecutionRules.DecideCancel(null, null, null, force: true, Now));
    }
}

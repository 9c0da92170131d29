using Baton.Core.Executions;
using static Baton.Core.Tests.Executions.ExecutionExamples;
using static Baton.Core.Tests.Executions.HeartbeatRulesTests;

namespace Baton.Core.Tests.Executions;

/// <summary><see cref="ExecutionRules.DecideRelease"/>: the claimer hands work back without spending an attempt.</summary>
public sealed class ReleaseRulesTests
{
    [Theory]
    [InlineData(Claimer, Token)]
    [InlineData(Claimer, null)]
    [InlineData(null, Token)]
    public void The_claimer_releases_the_execution_back_to_pending(string? workerId, string? token)
    {
        var change = ExecutionRules.DecideRelease(Delivering(attempts: 2), workerId, token);

        Assert.Equal(ExecutionStatus.Pending, change.Status);
        Assert.Null(change.ClaimedByWorker);
        Assert.Null(change.ClaimToken);
        Assert.Null(change.LeaseExpiresAt);
    }

    [Fact]
    public void A_release_gives_back_the_attempt_the_claim_used()
    {
        var change = ExecutionRules.DecideRelease(Delivering(attempts: 2), Claimer, Token);

        Assert.Equal(1, change.Attempts);
    }

    [Fact]
    public void A_release_never_makes_the_attempt_count_negative()
    {
        var change = ExecutionRules.DecideRelease(Delivering(attempts: 0), Claimer, Token);

        Assert.Equal(0, change.Attempts);
    }

    [Fact]
    public void A_released_execution_is_claimable_again_at_once()
    {
        var current = Delivering();
        var change = ExecutionRules.DecideRelease(current, Claimer, Token);

        Assert.Equal(current.AvailableAt, change.AvailableAt);
        Assert.True(change.AvailableAt <= Now);
    }

    [Fact]
    public void A_release_naming_no_worker_and_no_token_is_refused_as_not_the_owner()
    {
        AssertError("not_execution_owner", () => ExecutionRules.DecideRelease(Delivering(), null, null));
    }

    [Fact]
    public void Another_worker_cannot_release_the_execution()
    {
        AssertError("not_execution_owner", () => ExecutionRules.DecideRelease(Delivering(), OtherWorker, null));
    }

    [Fact]
    public void A_release_with_a_stale_token_learns_its_claim_is_lost()
    {
        AssertError("claim_lost", () => ExecutionRules.DecideRelease(Delivering(), Claimer, StaleToken));
    }

    [Fact]
    public void A_release_after_a_cancel_says_the_execution_was_cancelled()
    {
        AssertError("execution_cancelled", () => ExecutionRules.DecideRelease(CancelledWhileClaimed(), Claimer, Token));
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("failed")]
    [InlineData("missed")]
    public void A_finished_execution_cannot_be_released(string state)
    {
        AssertError("execution_terminal", () => ExecutionRules.DecideRelease(Named(state), Claimer, null));
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("retrying")]
    public void An_unclaimed_execution_cannot_be_released(string state)
    {
        AssertError("execution_not_claiming", () => ExecutionRules.DecideRelease(Named(state), Claimer, null));
    }

    [Fact]
    public void A_release_for_an_unknown_execution_is_not_found()
    {
        AssertError("execution_not_found", () => ExecutionRules.DecideRelease(null, Claimer, Token));
    }
}

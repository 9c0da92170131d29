using Baton.Core.Executions;
using static Baton.Core.Tests.Executions.ExecutionExamples;
using static Baton.Core.Tests.Executions.HeartbeatRulesTests;

namespace Baton.Core.Tests.Executions;

/// <summary><see cref="ExecutionRules.DecideOutcome"/>: success, retry with backoff, final failure, write-once, ownership.</summary>
public sealed class OutcomeRulesTests
{
    [Fact]
    public void A_success_finishes_the_execution_with_its_outcome_and_evidence()
    {
        var change = ExecutionRules.DecideOutcome(Delivering(), Report(true, Claimer, Token), strictOwnership: false, Now);

        Assert.Equal(ExecutionStatus.Success, change.Status);
        Assert.Equal(OutcomeStates.ReportedSuccess, change.OutcomeState);
        Assert.Equal(new ExecutionOutcome(true, "done", null, """{"tokens":12}""", Now), change.Outcome);
        Assert.Equal("PR-42", change.Evidence?.ExternalId);
        Assert.Equal(Now, change.FinishedAt);
        Assert.Null(change.LeaseExpiresAt);
        Assert.Null(change.ErrorMessage);
    }

    [Fact]
    public void A_failure_with_attempts_left_retries_after_the_backoff_for_that_attempt()
    {
        var change = ExecutionRules.DecideOutcome(
            Delivering(attempts: 1), Report(false, Claimer, Token), strictOwnership: false, Now);

        Assert.Equal(ExecutionStatus.Retrying, change.Status);
        Assert.Equal(OutcomeStates.ReportedFailure, change.OutcomeState);
        Assert.Equal("boom", change.ErrorMessage);
        Assert.Equal(Now.AddSeconds(10), change.NextRetry);
        Assert.Equal(Now.AddSeconds(10), change.AvailableAt);
        Assert.Null(change.FinishedAt);
    }

    [Fact]
    public void A_retry_lets_go_of_the_claim_so_any_worker_can_take_the_next_attempt()
    {
        var change = ExecutionRules.DecideOutcome(
            Delivering(attempts: 1), Report(false, Claimer, Token), strictOwnership: false, Now);

        Assert.Null(change.ClaimedByWorker);
        Assert.Null(change.ClaimToken);
        Assert.Null(change.LeaseExpiresAt);
        Assert.Equal(1, change.Attempts);
    }

    [Fact]
    public void The_second_failed_attempt_waits_the_second_backoff()
    {
        var change = ExecutionRules.DecideOutcome(
            Delivering(attempts: 2), Report(false, Claimer, Token), strictOwnership: false, Now);

        Assert.Equal(Now.AddSeconds(60), change.NextRetry);
    }

    [Fact]
    public void A_failure_on_the_last_attempt_fails_the_execution_for_good()
    {
        var change = ExecutionRules.DecideOutcome(
            Delivering(attempts: 3, maxAttempts: 3), Report(false, Claimer, Token), strictOwnership: false, Now);

        Assert.Equal(ExecutionStatus.Failed, change.Status);
        Assert.Equal(OutcomeStates.ReportedFailure, change.OutcomeState);
        Assert.Equal(Now, change.FinishedAt);
        Assert.Null(change.NextRetry);
    }

    [Fact]
    public void A_failure_marked_not_retryable_fails_at_once_even_with_attempts_left()
    {
        var change = ExecutionRules.DecideOutcome(
            Delivering(attempts: 1), Report(false, Claimer, Token, retryable: false), strictOwnership: false, Now);

        Assert.Equal(ExecutionStatus.Failed, change.Status);
        Assert.Null(change.NextRetry);
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("failed")]
    public void A_second_report_after_the_final_outcome_is_refused(string state)
    {
        AssertError("outcome_already_recorded",
            () => ExecutionRules.DecideOutcome(Named(state), Report(true), strictOwnership: false, Now));
    }

    [Fact]
    public void A_recorded_success_cannot_be_overwritten_by_a_late_failure_report()
    {
        var done = Delivering().Apply(
            ExecutionRules.DecideOutcome(Delivering(), Report(true, Claimer, Token), strictOwnership: false, Now));

        AssertError("outcome_already_recorded",
            () => ExecutionRules.DecideOutcome(done, Report(false, Claimer), strictOwnership: false, Now.AddSeconds(1)));
    }

    [Fact]
    public void A_finished_delivery_without_an_outcome_accepts_its_one_report_and_stays_successful()
    {
        var change = ExecutionRules.DecideOutcome(
            DeliveredWithoutOutcome(), Report(true), strictOwnership: false, Now);

        Assert.Equal(ExecutionStatus.Success, change.Status);
        Assert.Equal(OutcomeStates.ReportedSuccess, change.OutcomeState);
        Assert.Equal(Now, change.Outcome?.RecordedAt);
    }

    [Fact]
    public void A_report_for_a_cancelled_execution_is_told_it_was_cancelled()
    {
        AssertError("execution_cancelled", () =>
            ExecutionRules.DecideOutcome(CancelledWhileClaimed(), Report(true, Claimer, Token), strictOwnership: false, Now));
    }

    [Theory]
    [InlineData("missed")]
    [InlineData("failed_by_rescuer")]
    public void A_report_for_work_that_finished_without_an_outcome_is_refused_as_terminal(string state)
    {
        AssertError("execution_terminal",
            () => ExecutionRules.DecideOutcome(Named(state), Report(true), strictOwnership: false, Now));
    }

    [Fact]
    public void A_report_with_a_stale_token_learns_its_claim_is_lost()
    {
        AssertError("claim_lost", () =>
            ExecutionRules.DecideOutcome(Delivering(), Report(true, Claimer, StaleToken), strictOwnership: false, Now));
    }

    [Fact]
    public void A_stale_token_is_claim_lost_even_after_someone_else_finished_the_execution()
    {
        var finishedByTheNextClaimer = Succeeded() with { ClaimedByWorker = OtherWorker, ClaimToken = NextClaimToken };

        AssertError("claim_lost", () =>
            ExecutionRules.DecideOutcome(finishedByTheNextClaimer, Report(true, Claimer, Token), strictOwnership: false, Now));
    }

    [Fact]
    public void A_report_naming_another_worker_is_refused_as_not_the_owner()
    {
        AssertError("not_execution_owner", () =>
            ExecutionRules.DecideOutcome(Delivering(), Report(true, OtherWorker), strictOwnership: false, Now));
    }

    [Fact]
    public void A_report_naming_a_worker_for_an_unclaimed_execution_says_it_is_not_claiming()
    {
        AssertError("execution_not_claiming", () =>
            ExecutionRules.DecideOutcome(Pending(), Report(true, Claimer), strictOwnership: false, Now));
    }

    [Fact]
    public void An_identity_less_report_is_the_tenant_speaking_and_is_accepted_by_default()
    {
        var change = ExecutionRules.DecideOutcome(Delivering(), Report(true), strictOwnership: false, Now);

        Assert.Equal(ExecutionStatus.Success, change.Status);
    }

    [Fact]
    public void Strict_ownership_refuses_an_identity_less_report()
    {
        AssertError("not_execution_owner",
            () => ExecutionRules.DecideOutcome(Delivering(), Report(true), strictOwnership: true, Now));
    }

    [Theory]
    [InlineData(Claimer, null)]
    [InlineData(null, Token)]
    [InlineData(Claimer, Token)]
    public void Strict_ownership_accepts_a_report_that_names_the_current_claim(string? workerId, string? token)
    {
        var change = ExecutionRules.DecideOutcome(Delivering(), Report(true, workerId, token), strictOwnership: true, Now);

        Assert.Equal(ExecutionStatus.Success, change.Status);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("retrying")]
    public void An_identity_less_report_for_an_unclaimed_execution_says_it_is_not_claiming(string state)
    {
        AssertError("execution_not_claiming",
            () => ExecutionRules.DecideOutcome(Named(state), Report(true), strictOwnership: false, Now));
    }

    [Fact]
    public void An_outcome_for_an_unknown_execution_is_not_found()
    {
        AssertError("execution_not_found",
            () => ExecutionRules.DecideOutcome(null, Report(true, Claimer, Token), strictOwnership: false, Now));
    }
}

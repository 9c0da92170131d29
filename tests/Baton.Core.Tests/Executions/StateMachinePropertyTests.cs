using Baton.Core.Executions;
using CsCheck;
using static Baton.Core.Tests.Executions.ExecutionExamples;

namespace Baton.Core.Tests.Executions;

/// <summary>
/// Invariants of the state machine (docs/state-machine.md) over arbitrary rows and requests: whatever the state, identity and flags, a decision
/// either refuses with a domain error or makes a transition the diagram allows.
/// </summary>
public sealed class StateMachinePropertyTests
{
    /// <summary>The rules are pure and fast; enough samples that every accepting branch is hit many times.</summary>
    private const long Iterations = 20_000;

    private static readonly Gen<Execution> Rows =
        from status in Gen.Enum<ExecutionStatus>()
        from maxAttempts in Gen.Int[1, 5]
        from attempts in Gen.Int[0, maxAttempts]
        from worker in Gen.OneOf<string?>(null, Claimer, OtherWorker)
        from token in Gen.OneOf<string?>(null, Token, NextClaimToken)
        from hasOutcome in Gen.Bool
        select Pending(attempts, maxAttempts) with
        {
            Status = status,
            ClaimedByWorker = worker,
            ClaimToken = token,
            Outcome = hasOutcome ? new ExecutionOutcome(true, null, null, null, Now.AddMinutes(-1)) : null,
        };

    private static readonly Gen<string?> Workers = Gen.OneOf<string?>(null, Claimer, OtherWorker);
    private static readonly Gen<string?> Tokens = Gen.OneOf<string?>(null, Token, StaleToken);

    private static readonly Gen<OutcomeReport> Reports =
        from worker in Workers
        from token in Tokens
        from success in Gen.Bool
        from retryable in Gen.Bool
        select Report(success, worker, token, retryable);

    [Fact]
    public void An_outcome_either_is_refused_or_moves_a_delivering_row_to_success_retrying_or_failed()
    {
        var accepted = 0;
        Gen.Select(Rows, Reports, Gen.Bool).Sample((row, report, strict) =>
        {
            if (Decide(() => ExecutionRules.DecideOutcome(row, report, strict, Now)) is not { } change) return;
            Interlocked.Increment(ref accepted);

            if (row.Status == ExecutionStatus.Delivering)
            {
                Assert.Contains(change.Status, new[] { ExecutionStatus.Success, ExecutionStatus.Retrying, ExecutionStatus.Failed });
                Assert.Equal(row.Attempts, change.Attempts);
            }
            else
            {
                // The one outcome a finished row accepts: the first report for a delivery that finished without one.
                Assert.Equal(ExecutionStatus.Success, row.Status);
                Assert.Null(row.Outcome);
                Assert.Equal(ExecutionStatus.Success, change.Status);
            }
        }, iter: Iterations);

        Assert.True(accepted > 0, "no sample reached an accepted decision");
    }

    [Fact]
    public void An_accepted_outcome_named_the_current_claim_or_no_one_outside_strict_mode()
    {
        var accepted = 0;
        Gen.Select(Rows, Reports, Gen.Bool).Sample((row, report, strict) =>
        {
            if (Decide(() => ExecutionRules.DecideOutcome(row, report, strict, Now)) is null) return;
            Interlocked.Increment(ref accepted);

            Assert.True(report.ClaimToken is null || report.ClaimToken == row.ClaimToken);
            if (row.Status == ExecutionStatus.Delivering)
            {
                Assert.True(report.WorkerId is null || report.WorkerId == row.ClaimedByWorker);
                Assert.True(!strict || report.WorkerId is not null || report.ClaimToken is not null);
            }
        }, iter: Iterations);

        Assert.True(accepted > 0, "no sample reached an accepted decision");
    }

    [Fact]
    public void A_retry_is_scheduled_no_earlier_than_now_and_only_with_attempts_left()
    {
        var accepted = 0;
        Gen.Select(Rows, Reports, Gen.Bool).Sample((row, report, strict) =>
        {
            if (Decide(() => ExecutionRules.DecideOutcome(row, report, strict, Now)) is not { Status: ExecutionStatus.Retrying } change) return;
            Interlocked.Increment(ref accepted);

            Assert.True(row.Attempts < row.MaxAttempts);
            Assert.True(report.Retryable);
            Assert.True(change.NextRetry >= Now);
            Assert.Equal(change.NextRetry, change.AvailableAt);
            Assert.Null(change.ClaimToken);
        }, iter: Iterations);

        Assert.True(accepted > 0, "no sample reached an accepted decision");
    }

    [Fact]
    public void Release_and_cancel_never_move_a_finished_execution()
    {
        var finished = Rows.Where(r => r.Status.IsTerminal());
        Gen.Select(finished, Workers, Tokens, Gen.Bool).Sample((row, worker, token, force) =>
        {
            Assert.Null(Decide(() => ExecutionRules.DecideRelease(row, worker, token)));
            Assert.Null(Decide(() => ExecutionRules.DecideCancel(row, worker, null, force, Now)));
        }, iter: Iterations);
    }

    [Fact]
    public void A_release_only_ever_returns_a_delivering_row_to_pending_and_gives_back_one_attempt()
    {
        var accepted = 0;
        Gen.Select(Rows, Workers, Tokens).Sample((row, worker, token) =>
        {
            if (Decide(() => ExecutionRules.DecideRelease(row, worker, token)) is not { } change) return;
            Interlocked.Increment(ref accepted);

            Assert.Equal(ExecutionStatus.Delivering, row.Status);
            Assert.Equal(ExecutionStatus.Pending, change.Status);
            Assert.Equal(Math.Max(0, row.Attempts - 1), change.Attempts);
            Assert.Null(change.ClaimToken);
        }, iter: Iterations);

        Assert.True(accepted > 0, "no sample reached an accepted decision");
    }

    [Fact]
    public void A_cancel_only_ever_lands_in_cancelled_and_keeps_the_claim_columns()
    {
        var accepted = 0;
        Gen.Select(Rows, Workers, Gen.Bool).Sample((row, worker, force) =>
        {
            if (Decide(() => ExecutionRules.DecideCancel(row, worker, "r", force, Now)) is not { } change) return;
            Interlocked.Increment(ref accepted);

            Assert.False(row.Status.IsTerminal());
            Assert.Equal(ExecutionStatus.Cancelled, change.Status);
            Assert.Equal(row.ClaimedByWorker, change.ClaimedByWorker);
            Assert.Equal(row.ClaimToken, change.ClaimToken);
            Assert.True(row.Status != ExecutionStatus.Delivering || force || worker == row.ClaimedByWorker);
        }, iter: Iterations);

        Assert.True(accepted > 0, "no sample reached an accepted decision");
    }

    /// <summary>The change, or null when the rules refused with a domain error. Any other exception fails the property.</summary>
    private static ExecutionChange? Decide(Func<ExecutionChange> decide)
    {
        try
        {
            return decide();
        }
        catch (BatonException)
        {
            return null;
        }
    }
}

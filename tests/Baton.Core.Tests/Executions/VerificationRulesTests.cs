using Baton.Core.Cues;
using Baton.Core.Executions;
using static Baton.Core.Tests.Executions.ExecutionExamples;

namespace Baton.Core.Tests.Executions;

/// <summary>
/// Verification: the outcome state a mode gives a report, and the verify,
/// verification-pending and evidence decisions.
/// </summary>
public sealed class VerificationRulesTests
{
    public static TheoryData<string, string, string> ModeEvidenceState => new()
    {
        // mode, evidence sent with the success, outcome_state
        { VerificationModes.None, "none", OutcomeStates.ReportedSuccess },
        { VerificationModes.None, "external_id", OutcomeStates.ReportedSuccess },
        { VerificationModes.RequireExternalId, "external_id", OutcomeStates.VerifiedSuccess },
        { VerificationModes.RequireExternalId, "result_url", OutcomeStates.VerificationFailed },
        { VerificationModes.RequireExternalId, "none", OutcomeStates.VerificationFailed },
        { VerificationModes.RequireResultUrl, "result_url", OutcomeStates.VerifiedSuccess },
        { VerificationModes.RequireResultUrl, "external_id", OutcomeStates.VerificationFailed },
        { VerificationModes.RequireArtifacts, "artifacts", OutcomeStates.VerifiedSuccess },
        { VerificationModes.RequireArtifacts, "empty_artifacts", OutcomeStates.VerificationFailed },
        { VerificationModes.RequireArtifacts, "none", OutcomeStates.VerificationFailed },
        { VerificationModes.Manual, "external_id", OutcomeStates.VerificationPending },
        { VerificationModes.Manual, "none", OutcomeStates.VerificationPending },
    };

    private static Evidence? EvidenceNamed(string name) => name switch
    {
        "none" => null,
        "external_id" => new Evidence(ExternalId: "PR-42"),
        "result_url" => new Evidence(ResultUrl: "https://example.com/r/1"),
        "artifacts" => new Evidence(ArtifactsJson: """[{"path":"out.txt"}]"""),
        "empty_artifacts" => new Evidence(ArtifactsJson: "[]"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(ModeEvidenceState))]
    public void A_successful_outcome_gets_the_state_its_verification_mode_and_evidence_give_it(
        string mode, string evidence, string expected)
    {
        var report = Report(true, Claimer, Token) with { Evidence = EvidenceNamed(evidence) };
        var change = ExecutionRules.DecideOutcome(Delivering() with { VerificationMode = mode }, report, false, Now);

        Assert.Equal(ExecutionStatus.Success, change.Status);
        Assert.Equal(expected, change.OutcomeState);
    }

    [Theory]
    [InlineData(VerificationModes.None)]
    [InlineData(VerificationModes.RequireExternalId)]
    [InlineData(VerificationModes.Manual)]
    public void A_failure_is_a_reported_failure_whatever_the_mode(string mode)
    {
        var retrying = ExecutionRules.DecideOutcome(
            Delivering() with { VerificationMode = mode }, Report(false, Claimer, Token), false, Now);
        var final = ExecutionRules.DecideOutcome(
            Delivering(attempts: 3) with { VerificationMode = mode }, Report(false, Claimer, Token), false, Now);

        Assert.Equal(OutcomeStates.ReportedFailure, retrying.OutcomeState);
        Assert.Equal(OutcomeStates.ReportedFailure, final.OutcomeState);
    }

    [Fact]
    public void A_late_outcome_on_a_delivered_webhook_execution_is_judged_by_the_mode_too()
    {
        var delivered = DeliveredWithoutOutcome() with { VerificationMode = VerificationModes.RequireResultUrl };
        var change = ExecutionRules.DecideOutcome(delivered, Report(true), false, Now);

        Assert.Equal(OutcomeStates.VerificationFailed, change.OutcomeState);
    }

    [Theory]
    [InlineData(OutcomeStates.VerificationPending, true, OutcomeStates.VerifiedSuccess)]
    [InlineData(OutcomeStates.VerificationPending, false, OutcomeStates.VerificationFailed)]
    [InlineData(OutcomeStates.ReportedSuccess, true, OutcomeStates.VerifiedSuccess)]
    [InlineData(OutcomeStates.VerificationFailed, true, OutcomeStates.VerifiedSuccess)]
    [InlineData(OutcomeStates.VerifiedSuccess, false, OutcomeStates.VerificationFailed)]
    [InlineData(OutcomeStates.VerifiedSuccess, true, OutcomeStates.VerifiedSuccess)]
    public void Verify_gives_a_successful_outcome_the_verdict_and_the_latest_word_wins(
        string before, bool valid, string after)
    {
        var change = ExecutionRules.DecideVerify(Succeeded() with { OutcomeState = before }, valid);

        Assert.Equal(after, change.OutcomeState);
        Assert.Equal(ExecutionStatus.Success, change.Status);
        Assert.Equal(Succeeded().Outcome, change.Outcome);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("delivering")]
    [InlineData("retrying")]
    [InlineData("failed")]
    [InlineData("failed_by_rescuer")]
    [InlineData("missed")]
    [InlineData("cancelled_while_claimed")]
    [InlineData("delivered_without_outcome")]
    public void Verify_refuses_anything_but_a_success_with_an_outcome(string example)
    {
        var e = Assert.Throws<BatonException>(() => ExecutionRules.DecideVerify(Named(example), valid: true));
        Assert.Equal("invalid_state", e.Code);
    }

    [Fact]
    public void Verification_pending_parks_a_reported_success_and_repeating_it_changes_nothing()
    {
        var parked = Succeeded().Apply(ExecutionRules.DecideVerificationPending(Succeeded()));
        Assert.Equal(OutcomeStates.VerificationPending, parked.OutcomeState);
        Assert.Equal(OutcomeStates.VerificationPending, ExecutionRules.DecideVerificationPending(parked).OutcomeState);
    }

    [Theory]
    [InlineData("pending", "no_outcome")]
    [InlineData("delivering", "no_outcome")]
    [InlineData("retrying", "no_outcome")]
    [InlineData("missed", "no_outcome")]
    [InlineData("failed_by_rescuer", "no_outcome")]
    [InlineData("delivered_without_outcome", "no_outcome")]
    [InlineData("failed", "invalid_state")]
    public void Verification_pending_needs_a_final_successful_outcome(string example, string code)
    {
        var e = Assert.Throws<BatonException>(() => ExecutionRules.DecideVerificationPending(Named(example)));
        Assert.Equal(code, e.Code);
    }

    [Theory]
    [InlineData(OutcomeStates.VerifiedSuccess)]
    [InlineData(OutcomeStates.VerificationFailed)]
    public void Verification_pending_does_not_reopen_a_decided_verification(string state)
    {
        var e = Assert.Throws<BatonException>(
            () => ExecutionRules.DecideVerificationPending(Succeeded() with { OutcomeState = state }));
        Assert.Equal("invalid_state", e.Code);
    }

    [Fact]
    public void Evidence_merges_into_the_stored_evidence_field_by_field()
    {
        var stored = Succeeded() with { Evidence = new Evidence(ExternalId: "PR-1", Summary: "first") };
        var change = ExecutionRules.DecideEvidence(stored, new Evidence(Summary: "second", ResultRef: "abc123"));

        Assert.Equal(new Evidence("PR-1", null, "abc123", null, "second", null), change.Evidence);
        Assert.Equal(OutcomeStates.ReportedSuccess, change.OutcomeState);
    }

    [Theory]
    [InlineData(VerificationModes.RequireExternalId, "external_id", OutcomeStates.VerifiedSuccess)]
    [InlineData(VerificationModes.RequireExternalId, "result_url", OutcomeStates.VerificationFailed)]
    [InlineData(VerificationModes.RequireResultUrl, "result_url", OutcomeStates.VerifiedSuccess)]
    [InlineData(VerificationModes.RequireArtifacts, "artifacts", OutcomeStates.VerifiedSuccess)]
    [InlineData(VerificationModes.RequireArtifacts, "empty_artifacts", OutcomeStates.VerificationFailed)]
    public void Late_evidence_that_satisfies_a_require_mode_turns_a_failed_verification_into_a_verified_success(
        string mode, string evidence, string expected)
    {
        var failed = Succeeded() with { VerificationMode = mode, OutcomeState = OutcomeStates.VerificationFailed };
        var change = ExecutionRules.DecideEvidence(failed, EvidenceNamed(evidence)!);

        Assert.Equal(expected, change.OutcomeState);
    }

    [Fact]
    public void Late_evidence_does_not_overturn_a_rejection_of_an_outcome_that_already_had_its_evidence()
    {
        var rejected = Succeeded() with
        {
            VerificationMode = VerificationModes.RequireExternalId,
            Evidence = new Evidence(ExternalId: "PR-1"),
            OutcomeState = OutcomeStates.VerificationFailed, // by verify(valid: false)
        };
        var change = ExecutionRules.DecideEvidence(rejected, new Evidence(ExternalId: "PR-2"));

        Assert.Equal(OutcomeStates.VerificationFailed, change.OutcomeState);
        Assert.Equal("PR-2", change.Evidence!.ExternalId);
    }

    [Theory]
    [InlineData(VerificationModes.Manual, OutcomeStates.VerificationPending)]
    [InlineData(VerificationModes.None, OutcomeStates.ReportedSuccess)]
    [InlineData(VerificationModes.RequireExternalId, OutcomeStates.VerifiedSuccess)]
    public void Late_evidence_never_moves_other_states(string mode, string state)
    {
        var stored = Succeeded() with { VerificationMode = mode, OutcomeState = state };
        var change = ExecutionRules.DecideEvidence(stored, new Evidence(ExternalId: "PR-9"));

        Assert.Equal(state, change.OutcomeState);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("retrying")]
    [InlineData("missed")]
    [InlineData("delivered_without_outcome")]
    public void Evidence_needs_a_final_outcome(string example)
    {
        var e = Assert.Throws<BatonException>(() => ExecutionRules.DecideEvidence(Named(example), new Evidence(Summary: "x")));
        Assert.Equal("no_outcome", e.Code);
    }

    [Fact]
    public void Evidence_may_follow_a_reported_failure()
    {
        var change = ExecutionRules.DecideEvidence(Failed(), new Evidence(ResultUrl: "https://ci.example.com/log/7"));

        Assert.Equal(OutcomeStates.ReportedFailure, change.OutcomeState);
        Assert.Equal("https://ci.example.com/log/7", change.Evidence!.ResultUrl);
    }
}

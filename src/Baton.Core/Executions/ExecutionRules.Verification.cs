using System.Text.Json;
using Baton.Core.Cues;

namespace Baton.Core.Executions;

// Verification: what an outcome's evidence makes of its outcome_state, and the
// verify / verification-pending / evidence changes, which touch only the verification fields of a finished
// execution (docs/state-machine.md).
public static partial class ExecutionRules
{
    /// <summary>
    /// The <c>outcome_state</c> a reported outcome gets under the execution's verification mode: a failure is
    /// <c>reported_failure</c>; a success is <c>reported_success</c> (mode <c>none</c>), <c>verified_success</c> or
    /// <c>verification_failed</c> by whether it carries the evidence its <c>require_*</c> mode names, or
    /// <c>verification_pending</c> (mode <c>manual</c>) until someone verifies it.
    /// </summary>
    public static string OutcomeStateFor(string verificationMode, bool success, Evidence? evidence)
    {
        if (!success) return OutcomeStates.ReportedFailure;
        return verificationMode switch
        {
            VerificationModes.Manual => OutcomeStates.VerificationPending,
            VerificationModes.RequireExternalId or VerificationModes.RequireResultUrl or VerificationModes.RequireArtifacts =>
                HasRequiredEvidence(verificationMode, evidence)
                    ? OutcomeStates.VerifiedSuccess
                    : OutcomeStates.VerificationFailed,
            _ => OutcomeStates.ReportedSuccess,
        };
    }

    /// <summary>Whether <paramref name="evidence"/> holds what a <c>require_*</c> mode asks for; other modes ask nothing.</summary>
    public static bool HasRequiredEvidence(string verificationMode, Evidence? evidence) => verificationMode switch
    {
        VerificationModes.RequireExternalId => !string.IsNullOrWhiteSpace(evidence?.ExternalId),
        VerificationModes.RequireResultUrl => !string.IsNullOrWhiteSpace(evidence?.ResultUrl),
        VerificationModes.RequireArtifacts => HasArtifacts(evidence?.ArtifactsJson),
        _ => true,
    };

    /// <summary>
    /// <c>POST /verify</c>: someone's word on a successful outcome. Verifiable means the execution finished as
    /// <c>success</c> with an outcome state (any of <c>reported_success</c>, <c>verification_pending</c>,
    /// <c>verified_success</c>, <c>verification_failed</c>); the latest word wins, and repeating it changes
    /// nothing. Anything else — not finished, failed, missed, cancelled, or a success with no outcome — is
    /// <c>invalid_state</c>.
    /// </summary>
    public static ExecutionChange DecideVerify(Execution? current, bool valid)
    {
        if (current is null) throw Errors.ExecutionNotFound();
        if (current.Status != ExecutionStatus.Success || current.OutcomeState is null or OutcomeStates.ReportedFailure)
        {
            throw Errors.InvalidState(
                "Only an execution that finished as success with a recorded outcome can be verified.");
        }

        return ExecutionChange.Keep(current) with
        {
            OutcomeState = valid ? OutcomeStates.VerifiedSuccess : OutcomeStates.VerificationFailed,
        };
    }

    /// <summary>
    /// <c>POST /verification-pending</c>: park a reported success until someone verifies it. Needs a final
    /// outcome (<c>no_outcome</c> otherwise, a retrying execution included); only <c>reported_success</c> (and
    /// <c>verification_pending</c> itself, a no-op) can be parked — a failure or a verification already decided is
    /// <c>invalid_state</c>, and only <c>verify</c> changes a decided verification.
    /// </summary>
    public static ExecutionChange DecideVerificationPending(Execution? current)
    {
        if (current is null) throw Errors.ExecutionNotFound();
        if (!HasFinalOutcome(current)) throw Errors.NoOutcome();
        if (current.OutcomeState is not (OutcomeStates.ReportedSuccess or OutcomeStates.VerificationPending))
        {
            throw Errors.InvalidState(
                "Only a reported success can be marked verification_pending; use verify to change a decided one.");
        }

        return ExecutionChange.Keep(current) with { OutcomeState = OutcomeStates.VerificationPending };
    }

    /// <summary>
    /// <c>PATCH /evidence</c>: evidence sent after the outcome. Fields sent replace the stored ones, the rest stay.
    /// Needs a final outcome (<c>no_outcome</c> otherwise). Under a <c>require_*</c> mode, an outcome that failed
    /// verification for want of evidence becomes <c>verified_success</c> when this patch brings the missing
    /// evidence; late evidence never downgrades a state, and evidence that was already there when someone
    /// rejected the outcome by <c>verify</c> does not overturn that.
    /// </summary>
    public static ExecutionChange DecideEvidence(Execution? current, Evidence patch)
    {
        if (current is null) throw Errors.ExecutionNotFound();
        if (!HasFinalOutcome(current)) throw Errors.NoOutcome();

        var before = current.Evidence;
        var merged = new Evidence(
            patch.ExternalId ?? before?.ExternalId,
            patch.ResultUrl ?? before?.ResultUrl,
            patch.ResultRef ?? before?.ResultRef,
            patch.ResultType ?? before?.ResultType,
            patch.Summary ?? before?.Summary,
            patch.ArtifactsJson ?? before?.ArtifactsJson);
        var state = current.OutcomeState;
        if (state == OutcomeStates.VerificationFailed && IsEvidenceMode(current.VerificationMode) &&
            !HasRequiredEvidence(current.VerificationMode, before) &&
            HasRequiredEvidence(current.VerificationMode, merged))
        {
            state = OutcomeStates.VerifiedSuccess;
        }

        return ExecutionChange.Keep(current) with { Evidence = merged.IsEmpty ? null : merged, OutcomeState = state };
    }

    private static bool HasFinalOutcome(Execution e) => e.Status.IsTerminal() && e.OutcomeState is not null;

    private static bool IsEvidenceMode(string mode) =>
        mode is VerificationModes.RequireExternalId or VerificationModes.RequireResultUrl or VerificationModes.RequireArtifacts;

    /// <summary>A non-empty JSON array; the edge only lets arrays in, but a stored value is not trusted to be one.</summary>
    private static bool HasArtifacts(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return false;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

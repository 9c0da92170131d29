namespace Baton.Core.Executions;

/// <summary><c>outcome_state</c> values, kept apart from <see cref="ExecutionStatus"/>.</summary>
public static class OutcomeStates
{
    public const string ReportedSuccess = "reported_success";
    public const string ReportedFailure = "reported_failure";
    public const string VerificationPending = "verification_pending";
    public const string VerifiedSuccess = "verified_success";
    public const string VerificationFailed = "verification_failed";

    public static readonly IReadOnlyList<string> All =
        [ReportedSuccess, ReportedFailure, VerificationPending, VerifiedSuccess, VerificationFailed];
}

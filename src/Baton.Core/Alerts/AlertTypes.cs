namespace Baton.Core.Alerts;

/// <summary><c>alert_type</c> values and their severities.</summary>
public static class AlertTypes
{
    /// <summary>An execution's outcome failed its verification (missing evidence, or rejected by verify).</summary>
    public const string VerificationFailed = "verification_failed";

    /// <summary>A cue's last <see cref="ConsecutiveFailureThreshold"/> finished executions all finally failed or were missed.</summary>
    public const string ConsecutiveFailures = "consecutive_failures";

    public const int ConsecutiveFailureThreshold = 3;

    public const string Warning = "warning";
    public const string Critical = "critical";

    public static readonly IReadOnlyList<string> All = [VerificationFailed, ConsecutiveFailures];

    /// <summary>
    /// An alert of one type about one cue is raised at most once per window (an execution without a cue counts as
    /// its own cue): a cue failing every minute raises one alert per window, not one per failure.
    /// </summary>
    public static readonly TimeSpan DedupWindow = TimeSpan.FromMinutes(5);
}

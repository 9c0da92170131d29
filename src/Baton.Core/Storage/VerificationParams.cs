using Baton.Core.Executions;

namespace Baton.Core.Storage;

// Params of the verification, alert, usage and cue-effects store operations (issue 4), beside StoreParams.cs.

/// <summary><c>POST /verify</c>: <see cref="Valid"/> makes the outcome verified_success, else verification_failed.</summary>
public sealed record VerifyExecutionParams(
    string TenantId, Guid ExecutionId, bool Valid, string? Reason, DateTimeOffset? Now = null);

public sealed record MarkVerificationPendingParams(string TenantId, Guid ExecutionId, DateTimeOffset? Now = null);

/// <summary>Evidence sent after the outcome; the fields set in <see cref="Evidence"/> replace the stored ones.</summary>
public sealed record UpdateEvidenceParams(string TenantId, Guid ExecutionId, Evidence Evidence, DateTimeOffset? Now = null);

/// <summary>A tenant's alerts, newest first, optionally of one type and created at or after <see cref="Since"/>.</summary>
public sealed record ListAlertsParams(
    string TenantId, string? AlertType = null, DateTimeOffset? Since = null, int Limit = 50, int Offset = 0);

/// <summary>
/// What a tenant uses: <see cref="MonthStart"/> is the first instant of the month executions are counted in; null
/// counts only the active cues (executions come back as 0).
/// </summary>
public sealed record GetTenantUsageParams(string TenantId, DateTimeOffset? MonthStart);

/// <summary>Moves the cue-effects cursor from <see cref="Expected"/> to <see cref="Next"/>, only if it is still there.</summary>
public sealed record SaveCueEffectsCursorParams(string Expected, string Next, DateTimeOffset? Now = null);

/// <summary>
/// Applies in one transaction what <see cref="Cues.CueEffectRules"/> decided for the event <see cref="EventId"/>,
/// once: a marker row per event makes a second call for the same event a no-op, so the effects loop may re-read
/// events after a crash. Alerts are dropped when one of the same type about the same cue (or, without a cue, the
/// same execution) was raised within <see cref="Alerts.AlertTypes.DedupWindow"/>.
/// </summary>
public sealed record ApplyCueEffectsParams(
    string TenantId, long EventId, Guid? ExecutionId, string? CueId, Cues.CueEffectPlan Plan, DateTimeOffset? Now = null)
{
    /// <summary>The execution whose end this is, for the <c>cue.*</c> events' data; null once pruned.</summary>
    public Executions.Execution? Execution { get; init; }
}

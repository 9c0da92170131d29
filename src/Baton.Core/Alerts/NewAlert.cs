namespace Baton.Core.Alerts;

/// <summary>An alert about to be raised; the store drops it when an equal one was raised within the dedup window.</summary>
public sealed record NewAlert(
    string TenantId, string? CueId, Guid? ExecutionId, string AlertType, string Severity, string Message);

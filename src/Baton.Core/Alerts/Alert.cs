namespace Baton.Core.Alerts;

/// <summary>A stored alert (<c>GET /v1/alerts</c>): something about a cue or an execution that a person should look at.</summary>
public sealed record Alert(
    string Id,
    string TenantId,
    string? CueId,
    Guid? ExecutionId,
    string AlertType,
    string Severity,
    string Message,
    DateTimeOffset CreatedAt);

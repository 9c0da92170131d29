using System.Globalization;
using Baton.Contracts.Executions;
using Baton.Contracts.Serialization;
using Baton.Contracts.Service;

namespace Baton.Client;

public sealed partial class BatonClient
{
    /// <summary>
    /// <c>POST /v1/executions/{id}/verify</c>: verifies a successful outcome (<paramref name="valid"/>) or rejects it.
    /// 409 <c>invalid_state</c> unless the execution finished as success with an outcome.
    /// </summary>
    public Task<VerifyExecutionResponse> VerifyAsync(
        Guid id, bool valid = true, string? reason = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, ExecutionPath(id, "verify"),
            Body(new VerifyExecutionRequest { Valid = valid, Reason = reason }, BatonJson.Default.VerifyExecutionRequest),
            BatonJson.Default.VerifyExecutionResponse, null, ct);

    /// <summary><c>POST /v1/executions/{id}/verification-pending</c>: parks a reported success until it is verified.</summary>
    public Task<VerificationPendingResponse> MarkVerificationPendingAsync(Guid id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, ExecutionPath(id, "verification-pending"), null,
            BatonJson.Default.VerificationPendingResponse, null, ct);

    /// <summary><c>PATCH /v1/executions/{id}/evidence</c>: evidence after the outcome; fields left null stay as they are.</summary>
    public Task<EvidenceUpdatedResponse> UpdateEvidenceAsync(
        Guid id, UpdateEvidenceRequest evidence, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Patch, ExecutionPath(id, "evidence"), Body(evidence, BatonJson.Default.UpdateEvidenceRequest),
            BatonJson.Default.EvidenceUpdatedResponse, null, ct);

    /// <summary><c>GET /v1/alerts</c>: newest first, optionally one <paramref name="alertType"/> and only since a time.</summary>
    public Task<AlertListResponse> ListAlertsAsync(
        string? alertType = null, DateTimeOffset? since = null, int? limit = null, int? offset = null,
        CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get,
            "v1/alerts" + QueryString(("alert_type", alertType),
                ("since", since?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)),
                ("limit", Number(limit)), ("offset", Number(offset))),
            null, BatonJson.Default.AlertListResponse, null, ct);

    /// <summary><c>GET /v1/usage</c>: executions this month and active cues against the server's limits.</summary>
    public Task<UsageResponse> GetUsageAsync(CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "v1/usage", null, BatonJson.Default.UsageResponse, null, ct);
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Contracts;
using Baton.Contracts.Auth;
using Baton.Contracts.Errors;
using Baton.Contracts.Executions;
using Baton.Contracts.Serialization;
using Baton.Contracts.Service;
using Baton.Contracts.Workers;

namespace Baton.Client;

/// <summary>
/// A typed client for the Baton HTTP API (served with its OpenAPI document at /openapi/v1.json). Every error response becomes a <see cref="BatonApiException"/>
/// carrying the envelope's code. The client does not own the <see cref="HttpClient"/>: one can be shared by many
/// clients (for example one per API key, see <see cref="WithApiKey"/>).
/// </summary>
public sealed partial class BatonClient
{
    /// <summary>The W3C trace context headers (lower case, as the specification writes them).</summary>
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly string? _apiKey;

    /// <summary>Talks to the server at <paramref name="baseUrl"/> (e.g. <c>http://127.0.0.1:8420</c>) as <paramref name="apiKey"/>.</summary>
    public BatonClient(HttpClient http, Uri baseUrl, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseUrl);
        _http = http;
        _baseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _apiKey = apiKey;
    }

    /// <summary>The server this client talks to.</summary>
    public Uri BaseUrl => _baseUrl;

    /// <summary>A client for the same server and <see cref="HttpClient"/> that authenticates with another key.</summary>
    public BatonClient WithApiKey(string apiKey) => new(_http, _baseUrl, apiKey) { RetryFor = RetryFor };

    // Auth & account

    /// <summary><c>POST /v1/auth/register</c>: creates an account; the returned key is shown only this once.</summary>
    public Task<RegisterResponse> RegisterAsync(string email, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "v1/auth/register", Body(new RegisterRequest { Email = email }, BatonJson.Default.RegisterRequest),
            BatonJson.Default.RegisterResponse, null, ct);

    /// <summary><c>GET /v1/auth/me</c>.</summary>
    public Task<MeResponse> GetMeAsync(CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "v1/auth/me", null, BatonJson.Default.MeResponse, null, ct);

    /// <summary><c>POST /v1/auth/key/regenerate</c> (sends the destructive-operation confirmation). The current key stops working.</summary>
    public Task<RegenerateKeyResponse> RegenerateKeyAsync(CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "v1/auth/key/regenerate", null, BatonJson.Default.RegenerateKeyResponse,
            [(WireHeaders.ConfirmDestructive, "true")], ct);

    /// <summary><c>GET /v1/auth/webhook-secret</c>: the secret that signs webhook deliveries, made on first use.</summary>
    public Task<WebhookSecretResponse> GetWebhookSecretAsync(CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "v1/auth/webhook-secret", null, BatonJson.Default.WebhookSecretResponse, null, ct);

    /// <summary>
    /// <c>POST /v1/auth/webhook-secret/regenerate</c>: a new secret; deliveries from now on are signed with it, so
    /// receivers must be given it.
    /// </summary>
    public Task<WebhookSecretResponse> RegenerateWebhookSecretAsync(CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "v1/auth/webhook-secret/regenerate", null, BatonJson.Default.WebhookSecretResponse, null, ct);

    // Executions

    /// <summary><c>POST /v1/executions</c>. <see cref="EnqueuedExecution.Created"/> is false for an idempotent repeat.</summary>
    public async Task<EnqueuedExecution> EnqueueAsync(EnqueueExecutionRequest request, CancellationToken ct = default)
    {
        using var response = await SendRawAsync(
            HttpMethod.Post, "v1/executions", Body(request, BatonJson.Default.EnqueueExecutionRequest), null, ct,
            idempotent: request.IdempotencyKey is not null);
        var execution = await ReadAsync(response, BatonJson.Default.ExecutionResponse, ct);
        return new EnqueuedExecution(execution, response.StatusCode == HttpStatusCode.Created);
    }

    /// <summary><c>POST /v1/executions/batch</c>: up to 1000 executions, stored all or nothing.</summary>
    public Task<ExecutionBatchResponse> EnqueueBatchAsync(IReadOnlyList<EnqueueExecutionRequest> executions, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "v1/executions/batch",
            Body(new EnqueueBatchRequest { Executions = executions }, BatonJson.Default.EnqueueBatchRequest),
            BatonJson.Default.ExecutionBatchResponse, null, ct, idempotent: executions.All(e => e.IdempotencyKey is not null));

    /// <summary><c>GET /v1/executions</c>: a page of executions with counts by status.</summary>
    public Task<ExecutionListResponse> ListExecutionsAsync(ExecutionListQuery? query = null, CancellationToken ct = default)
    {
        var q = query ?? new ExecutionListQuery();
        var path = "v1/executions" + QueryString(
            ("cue_id", q.CueId),
            ("status__in", q.Statuses is { Count: > 0 } s ? string.Join(',', s) : null),
            ("worker_id", q.WorkerId),
            ("outcome_state", q.OutcomeState),
            ("queue", q.Queue),
            ("task", q.Task),
            ("run_id", q.RunId),
            ("tag", q.Tag),
            ("triggered_by", q.TriggeredBy),
            ("limit", Number(q.Limit)),
            ("offset", Number(q.Offset)));
        return SendAsync(HttpMethod.Get, path, null, BatonJson.Default.ExecutionListResponse, null, ct);
    }

    /// <summary><c>GET /v1/executions/claimable</c>: what a claim with these filters would take, in claim order.</summary>
    public Task<ClaimableListResponse> ListClaimableAsync(ClaimableQuery? query = null, CancellationToken ct = default)
    {
        var q = query ?? new ClaimableQuery();
        var path = "v1/executions/claimable" + QueryString(
            ("task", q.Task), ("agent", q.Agent), ("queue", q.Queue), ("run_id", q.RunId), ("tag", q.Tag),
            ("limit", Number(q.Limit)));
        return SendAsync(HttpMethod.Get, path, null, BatonJson.Default.ClaimableListResponse, null, ct);
    }

    /// <summary><c>GET /v1/executions/{id}</c>.</summary>
    public Task<ExecutionResponse> GetExecutionAsync(Guid id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, ExecutionPath(id), null, BatonJson.Default.ExecutionResponse, null, ct);

    /// <summary><c>POST /v1/executions/claim</c>; throws <see cref="BatonApiException"/> <c>claim_failed</c> when nothing came.</summary>
    public Task<ClaimResponse> ClaimAsync(ClaimExecutionsRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "v1/executions/claim", Body(request, BatonJson.Default.ClaimExecutionsRequest),
            BatonJson.Default.ClaimResponse, null, ct);

    /// <summary>Like <see cref="ClaimAsync"/>, but null instead of an exception when nothing was claimable.</summary>
    public async Task<ClaimResponse?> TryClaimAsync(ClaimExecutionsRequest request, CancellationToken ct = default)
    {
        try
        {
            return await ClaimAsync(request, ct);
        }
        catch (BatonApiException ex) when (ex.Code == ErrorCodes.ClaimFailed)
        {
            return null;
        }
    }

    /// <summary><c>POST /v1/executions/{id}/claim</c>.</summary>
    public Task<ClaimResponse> ClaimByIdAsync(Guid id, ClaimByIdRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, ExecutionPath(id, "claim"), Body(request, BatonJson.Default.ClaimByIdRequest),
            BatonJson.Default.ClaimResponse, null, ct);

    /// <summary><c>POST /v1/executions/{id}/heartbeat</c>: extends the lease of the claim named by the worker and token.</summary>
    public Task<ExecutionHeartbeatResponse> HeartbeatAsync(
        Guid id, string? workerId, string? claimToken = null, ExecutionHeartbeatRequest? request = null,
        CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, ExecutionPath(id, "heartbeat"),
            Body(request ?? new ExecutionHeartbeatRequest(), BatonJson.Default.ExecutionHeartbeatRequest),
            BatonJson.Default.ExecutionHeartbeatResponse, Identity(workerId, claimToken), ct);

    /// <summary><c>POST /v1/executions/{id}/outcome</c>; the identity, when given, must match the current claim.</summary>
    public Task<OutcomeRecordedResponse> RecordOutcomeAsync(
        Guid id, RecordOutcomeRequest outcome, string? workerId = null, string? claimToken = null,
        CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, ExecutionPath(id, "outcome"), Body(outcome, BatonJson.Default.RecordOutcomeRequest),
            BatonJson.Default.OutcomeRecordedResponse, Identity(workerId, claimToken), ct);

    /// <summary><c>POST /v1/executions/outcomes</c>: up to 100 outcomes in one transaction, with per-item results.</summary>
    public Task<RecordOutcomesResponse> RecordOutcomesAsync(
        IReadOnlyList<BatchOutcomeItem> outcomes, string? workerId = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "v1/executions/outcomes",
            Body(new RecordOutcomesRequest { Outcomes = outcomes }, BatonJson.Default.RecordOutcomesRequest),
            BatonJson.Default.RecordOutcomesResponse, Identity(workerId, null), ct);

    /// <summary><c>POST /v1/executions/{id}/release</c>: give a claimed execution back without using up an attempt.</summary>
    public Task<ExecutionResponse> ReleaseAsync(
        Guid id, string? workerId, string? claimToken = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, ExecutionPath(id, "release"), null, BatonJson.Default.ExecutionResponse,
            Identity(workerId, claimToken), ct);

    /// <summary><c>POST /v1/executions/{id}/cancel</c>; a claimed execution needs its claimer's id or <c>force</c>.</summary>
    public Task<ExecutionResponse> CancelAsync(
        Guid id, CancelExecutionRequest? request = null, string? workerId = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, ExecutionPath(id, "cancel"),
            Body(request ?? new CancelExecutionRequest(), BatonJson.Default.CancelExecutionRequest),
            BatonJson.Default.ExecutionResponse, Identity(workerId, null), ct);

    /// <summary><c>POST /v1/executions/{id}/replay</c>: a finished execution runs again as a new one.</summary>
    public Task<ExecutionResponse> ReplayAsync(Guid id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, ExecutionPath(id, "replay"), null, BatonJson.Default.ExecutionResponse, null, ct);

    // Workers

    /// <summary><c>POST /v1/worker/heartbeat</c>: registers or refreshes the worker and extends its leases.</summary>
    public Task<WorkerHeartbeatResponse> WorkerHeartbeatAsync(WorkerHeartbeatRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "v1/worker/heartbeat", Body(request, BatonJson.Default.WorkerHeartbeatRequest),
            BatonJson.Default.WorkerHeartbeatResponse, null, ct);

    /// <summary><c>GET /v1/workers</c>.</summary>
    public Task<WorkerListResponse> ListWorkersAsync(CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "v1/workers", null, BatonJson.Default.WorkerListResponse, null, ct);

    /// <summary><c>DELETE /v1/workers/{workerId}</c>.</summary>
    public async Task DeleteWorkerAsync(string workerId, CancellationToken ct = default)
    {
        using var response = await SendRawAsync(
            HttpMethod.Delete, "v1/workers/" + Uri.EscapeDataString(workerId), null, null, ct);
    }

    // Service

    /// <summary><c>GET /health</c> (no key needed).</summary>
    public Task<HealthResponse> GetHealthAsync(CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "health", null, BatonJson.Default.HealthResponse, null, ct);

    /// <summary><c>GET /status</c>; a 503 <c>down</c> answer is returned, not thrown.</summary>
    public async Task<StatusResponse> GetStatusAsync(CancellationToken ct = default)
    {
        using var request = NewRequest(HttpMethod.Get, "status", null, null);
        using var response = await _http.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable) await ThrowIfErrorAsync(response, ct);
        return await ReadAsync(response, BatonJson.Default.StatusResponse, ct);
    }

    /// <summary><c>GET /v1/info</c>.</summary>
    public Task<InfoResponse> GetInfoAsync(CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "v1/info", null, BatonJson.Default.InfoResponse, null, ct);

    // Transport

    private async Task<T> SendAsync<T>(
        HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> responseType,
        IReadOnlyList<(string Name, string Value)>? headers, CancellationToken ct, bool idempotent = false)
    {
        using var response = await SendRawAsync(method, path, content, headers, ct, idempotent);
        return await ReadAsync(response, responseType, ct);
    }

    private async Task<HttpResponseMessage> SendRawAsync(
        HttpMethod method, string path, HttpContent? content, IReadOnlyList<(string Name, string Value)>? headers,
        CancellationToken ct, bool idempotent = false)
    {
        var response = await SendWithRetryAsync(method, path, content, headers, idempotent, ct);
        try
        {
            await ThrowIfErrorAsync(response, ct);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private HttpRequestMessage NewRequest(
        HttpMethod method, string path, HttpContent? content, IReadOnlyList<(string Name, string Value)>? headers)
    {
        var request = new HttpRequestMessage(method, new Uri(_baseUrl, path)) { Content = content };
        if (_apiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        foreach (var (name, value) in headers ?? []) request.Headers.TryAddWithoutValidation(name, value);
        AddTraceContext(request);
        return request;
    }

    /// <summary>
    /// Sends the current activity's W3C trace context, so an enqueue stores the caller's trace with the work and an
    /// outcome lands in the trace the worker continued. HttpClient propagates it only while something in this
    /// process listens to its diagnostics; a worker or a script usually has no listener.
    /// </summary>
    private static void AddTraceContext(HttpRequestMessage request)
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C, Id: { } id } current) return;
        if (request.Headers.Contains(TraceParentHeader)) return;
        request.Headers.TryAddWithoutValidation(TraceParentHeader, id);
        if (current.TraceStateString is { Length: > 0 } state) request.Headers.TryAddWithoutValidation(TraceStateHeader, state);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonSerializer.DeserializeAsync(stream, type, ct)
               ?? throw new BatonApiException(response.StatusCode, ErrorCodes.InvalidResponse, "The server sent an empty body.", null,
                   RequestIdOf(response), null);
    }

    private static async Task ThrowIfErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync(ct);
        ErrorEnvelope? envelope = null;
        try
        {
            envelope = text.Length == 0 ? null : JsonSerializer.Deserialize(text, BatonJson.Default.ErrorEnvelope);
        }
        catch (JsonException)
        {
            // Not an envelope (a proxy's error page, say): reported below by status alone.
        }

        var status = (int)response.StatusCode;
        var error = envelope?.Error;
        throw new BatonApiException(
            response.StatusCode,
            error?.Code ?? "http_" + status.ToString(CultureInfo.InvariantCulture),
            error?.Message ?? $"HTTP {status} {response.ReasonPhrase}",
            error?.Details,
            RequestIdOf(response),
            response.Headers.RetryAfter?.Delta);
    }

    private static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(WireHeaders.RequestId, out var values) ? values.FirstOrDefault() : null;

    private static ByteArrayContent Body<T>(T value, JsonTypeInfo<T> type)
    {
        // Serialized up front so the request has a Content-Length rather than a chunked body.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        return content;
    }

    private static List<(string, string)> Identity(string? workerId, string? claimToken)
    {
        var headers = new List<(string, string)>(2);
        if (workerId is not null) headers.Add((WireHeaders.WorkerId, workerId));
        if (claimToken is not null) headers.Add((WireHeaders.ClaimToken, claimToken));
        return headers;
    }

    private static string ExecutionPath(Guid id, string? action = null) =>
        "v1/executions/" + id.ToString("D") + (action is null ? "" : "/" + action);

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string QueryString(params (string Name, string? Value)[] parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (value is null) continue;
            builder.Append(builder.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }
}

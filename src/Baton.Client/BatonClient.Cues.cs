using Baton.Contracts.Cues;
using Baton.Contracts.Serialization;

namespace Baton.Client;

public sealed partial class BatonClient
{
    /// <summary><c>POST /v1/cues</c>: creates a cue (the response carries <c>warning</c> for a worker cue with no live worker).</summary>
    public Task<CueResponse> CreateCueAsync(CueRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "v1/cues", Body(request, BatonJson.Default.CueRequest),
            BatonJson.Default.CueResponse, null, ct);

    /// <summary><c>GET /v1/cues</c>: newest first, optionally only one <paramref name="status"/>.</summary>
    public Task<CueListResponse> ListCuesAsync(
        string? status = null, int? limit = null, int? offset = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get,
            "v1/cues" + QueryString(("status", status), ("limit", Number(limit)), ("offset", Number(offset))),
            null, BatonJson.Default.CueListResponse, null, ct);

    /// <summary><c>GET /v1/cues/{id}</c>: the cue with a page of its executions.</summary>
    public Task<CueResponse> GetCueAsync(
        string id, int? executionLimit = null, int? executionOffset = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get,
            CuePath(id) + QueryString(("execution_limit", Number(executionLimit)), ("execution_offset", Number(executionOffset))),
            null, BatonJson.Default.CueResponse, null, ct);

    /// <summary><c>PATCH /v1/cues/{id}</c>: only the fields set in <paramref name="request"/> change.</summary>
    public Task<CueResponse> UpdateCueAsync(string id, CueRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Patch, CuePath(id), Body(request, BatonJson.Default.CueRequest),
            BatonJson.Default.CueResponse, null, ct);

    /// <summary>Pauses the cue (<c>PATCH status: paused</c>): it fires nothing until resumed.</summary>
    public Task<CueResponse> PauseCueAsync(string id, CancellationToken ct = default) =>
        UpdateCueAsync(id, new CueRequest { Status = "paused" }, ct);

    /// <summary>Resumes the cue (<c>PATCH status: active</c>); its next run is computed from now.</summary>
    public Task<CueResponse> ResumeCueAsync(string id, CancellationToken ct = default) =>
        UpdateCueAsync(id, new CueRequest { Status = "active" }, ct);

    /// <summary><c>DELETE /v1/cues/{id}</c>.</summary>
    public async Task DeleteCueAsync(string id, CancellationToken ct = default)
    {
        using var response = await SendRawAsync(HttpMethod.Delete, CuePath(id), null, null, ct);
    }

    /// <summary><c>POST /v1/cues/{id}/fire</c>: one execution now (or at <c>send_at</c>).</summary>
    public Task<FireCueResponse> FireCueAsync(string id, FireCueRequest? request = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, CuePath(id) + "/fire",
            Body(request ?? new FireCueRequest(), BatonJson.Default.FireCueRequest),
            BatonJson.Default.FireCueResponse, null, ct, idempotent: request?.IdempotencyKey is not null);

    private static string CuePath(string id) => "v1/cues/" + Uri.EscapeDataString(id);
}

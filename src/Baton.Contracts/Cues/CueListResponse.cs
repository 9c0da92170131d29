namespace Baton.Contracts.Cues;

/// <summary><c>GET /v1/cues</c>: newest first.</summary>
public sealed record CueListResponse
{
    public required IReadOnlyList<CueResponse> Cues { get; init; }
    public long Total { get; init; }
    public int Limit { get; init; }
    public int Offset { get; init; }
    public bool HasMore { get; init; }
}

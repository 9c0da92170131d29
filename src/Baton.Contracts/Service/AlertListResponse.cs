namespace Baton.Contracts.Service;

/// <summary><c>GET /v1/alerts</c>: newest first.</summary>
public sealed record AlertListResponse
{
    /// <summary>This page.</summary>
    public required IReadOnlyList<AlertResponse> Alerts { get; init; }

    /// <summary>Alerts matching the filters.</summary>
    public long Total { get; init; }

    /// <summary>The page size used.</summary>
    public int Limit { get; init; }

    /// <summary>The offset used.</summary>
    public int Offset { get; init; }

    /// <summary>Whether more alerts follow this page.</summary>
    public bool HasMore { get; init; }
}

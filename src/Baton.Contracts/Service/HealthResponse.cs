namespace Baton.Contracts.Service;

/// <summary><c>GET /health</c>: always 200; <see cref="Status"/> says <c>healthy</c> or <c>degraded</c>.</summary>
public sealed record HealthResponse
{
    /// <summary><c>healthy</c> or <c>degraded</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The server's version.</summary>
    public required string Version { get; init; }

    /// <summary>The server's clock.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Each dependency's state.</summary>
    public required HealthServices Services { get; init; }

    /// <summary>Queue depth across all tenants; null when the database could not be read.</summary>
    public HealthQueue? Queue { get; init; }
}

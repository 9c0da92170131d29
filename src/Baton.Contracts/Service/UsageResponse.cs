namespace Baton.Contracts.Service;

/// <summary><c>GET /v1/usage</c>: what the account uses against this server's limits.</summary>
public sealed record UsageResponse
{
    /// <summary>Executions created this calendar month (UTC) that the server still holds (finished ones are pruned after the retention period).</summary>
    public required UsageCount Executions { get; init; }

    /// <summary>Active cues.</summary>
    public required UsageCount Cues { get; init; }

    /// <summary>The request rate limit per API key.</summary>
    public required UsageRateLimit RateLimit { get; init; }
}

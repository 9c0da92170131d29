namespace Baton.Contracts.Service;

/// <summary>The request rate limit.</summary>
public sealed record UsageRateLimit
{
    /// <summary>Requests per minute allowed for each API key.</summary>
    public required int RequestsPerMinute { get; init; }
}

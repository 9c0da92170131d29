namespace Baton.Contracts.Service;

/// <summary>
/// <c>GET /v1/usage</c>: what the account uses against this server's limits, in CueAPI's usage shape. Every limit is
/// a number (CueAPI's clients divide by them); a limit this server does not set is <see cref="UsageLimit.None"/>.
/// </summary>
public sealed record UsageResponse
{
    /// <summary>The plan name; <c>self_hosted</c> on Baton.</summary>
    public required string Plan { get; init; }

    /// <summary>The calendar month (UTC) the execution count covers.</summary>
    public required UsagePeriod Period { get; init; }

    /// <summary>Cues against the active-cue limit.</summary>
    public required UsageCues Cues { get; init; }

    /// <summary>Executions created this period that the server still holds (finished ones are pruned after the retention period).</summary>
    public required UsageExecutions Executions { get; init; }

    /// <summary>The request rate limit per API key.</summary>
    public required UsageRateLimit RateLimit { get; init; }
}

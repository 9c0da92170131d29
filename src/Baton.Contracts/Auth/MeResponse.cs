namespace Baton.Contracts.Auth;

/// <summary><c>GET /v1/auth/me</c>: the calling account, in CueAPI's shape.</summary>
public sealed record MeResponse
{
    /// <summary>The account's email.</summary>
    public required string Email { get; init; }

    /// <summary>The plan name; <c>self_hosted</c> on Baton.</summary>
    public required string Plan { get; init; }

    /// <summary>Cues that are active.</summary>
    public required int ActiveCues { get; init; }

    /// <summary>How many active cues the plan allows; <c>2147483647</c> when the server sets no limit.</summary>
    public required int ActiveCueLimit { get; init; }

    /// <summary>Executions created this calendar month (UTC) that the server still holds (finished ones are pruned after the retention period).</summary>
    public required long ExecutionsThisMonth { get; init; }

    /// <summary>Executions per calendar month the account is meant to stay under; <c>2147483647</c> when the server sets none.</summary>
    public required int MonthlyExecutionLimit { get; init; }

    /// <summary>Requests per minute allowed for each API key.</summary>
    public required int RateLimitPerMinute { get; init; }

    /// <summary>Whether a webhook signing secret exists.</summary>
    public required bool HasWebhookSecret { get; init; }

    /// <summary>The first characters of the current API key, to tell keys apart.</summary>
    public required string ApiKeyPrefix { get; init; }

    /// <summary>A short name for the account, from its email's local part (CueAPI's clients show it).</summary>
    public required string Slug { get; init; }
}

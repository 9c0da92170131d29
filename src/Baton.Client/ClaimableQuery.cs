namespace Baton.Client;

/// <summary>Filters for <see cref="BatonClient.ListClaimableAsync"/>; null fields are not sent.</summary>
public sealed record ClaimableQuery
{
    /// <summary>Only this task.</summary>
    public string? Task { get; init; }

    /// <summary>Only this agent.</summary>
    public string? Agent { get; init; }

    /// <summary>Only this queue.</summary>
    public string? Queue { get; init; }

    /// <summary>Only this run.</summary>
    public string? RunId { get; init; }

    /// <summary>Only executions carrying this tag.</summary>
    public string? Tag { get; init; }

    /// <summary>At most this many, 1–100; the server's default is 50.</summary>
    public int? Limit { get; init; }
}

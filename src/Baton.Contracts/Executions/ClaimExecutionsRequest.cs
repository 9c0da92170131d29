namespace Baton.Contracts.Executions;

/// <summary><c>POST /v1/executions/claim</c>: claim the next matching executions, optionally waiting for one.</summary>
public sealed record ClaimExecutionsRequest
{
    /// <summary>The claiming worker, 1–255 characters. Required.</summary>
    public string? WorkerId { get; init; }

    /// <summary>Only this task.</summary>
    public string? Task { get; init; }

    /// <summary>(ext) Any of these tasks.</summary>
    public IReadOnlyList<string>? Tasks { get; init; }

    /// <summary>Only this agent.</summary>
    public string? Agent { get; init; }

    /// <summary>Only this queue.</summary>
    public string? Queue { get; init; }

    /// <summary>Only this run.</summary>
    public string? RunId { get; init; }

    /// <summary>Only executions carrying every one of these tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Lease length, 1–86400 seconds; 900 when absent.</summary>
    public int? LeaseSeconds { get; init; }

    /// <summary>(ext) Claim up to this many at once, 1–100.</summary>
    public int? Limit { get; init; }

    /// <summary>(ext) When nothing is claimable, wait up to this many seconds (0–60) for work to arrive.</summary>
    public int? WaitSeconds { get; init; }
}

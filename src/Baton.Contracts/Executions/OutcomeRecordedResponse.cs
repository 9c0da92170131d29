namespace Baton.Contracts.Executions;

/// <summary>A recorded outcome and where it left the execution.</summary>
public sealed record OutcomeRecordedResponse
{
    /// <summary>The execution.</summary>
    public required Guid ExecutionId { get; init; }

    /// <summary>Always true.</summary>
    public required bool OutcomeRecorded { get; init; }

    /// <summary>The outcome state after this report.</summary>
    public string? OutcomeState { get; init; }

    /// <summary>(ext) The execution's status after this report: <c>success</c>, <c>retrying</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>(ext) When a retrying execution becomes claimable again.</summary>
    public DateTimeOffset? NextRetry { get; init; }
}

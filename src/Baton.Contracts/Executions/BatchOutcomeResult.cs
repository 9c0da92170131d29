using System.Text.Json.Serialization;

namespace Baton.Contracts.Executions;

/// <summary>Either a recorded outcome (<see cref="OutcomeRecorded"/>, <see cref="Status"/>) or an <see cref="Error"/>.</summary>
public sealed record BatchOutcomeResult
{
    /// <summary>The execution.</summary>
    public required Guid ExecutionId { get; init; }

    /// <summary>True when recorded; absent on error.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? OutcomeRecorded { get; init; }

    /// <summary>The outcome state after the report.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OutcomeState { get; init; }

    /// <summary>The execution's status after the report.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    /// <summary>When a retrying execution becomes claimable again.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? NextRetry { get; init; }

    /// <summary>Why this outcome was refused; the others were still recorded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BatchOutcomeError? Error { get; init; }
}

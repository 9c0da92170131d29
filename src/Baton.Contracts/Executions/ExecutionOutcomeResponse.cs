using System.Text.Json;

namespace Baton.Contracts.Executions;

/// <summary>The outcome a worker reported for an execution.</summary>
public sealed record ExecutionOutcomeResponse
{
    /// <summary>Whether the work succeeded.</summary>
    public required bool Success { get; init; }

    /// <summary>The result text, ≤2000 characters.</summary>
    public string? Result { get; init; }

    /// <summary>The error text, ≤2000 characters.</summary>
    public string? Error { get; init; }

    /// <summary>A JSON object, ≤10 KiB.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>When the outcome was recorded.</summary>
    public required DateTimeOffset RecordedAt { get; init; }
}

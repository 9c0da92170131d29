using System.Text.Json;

namespace Baton.Contracts.Executions;

/// <summary><c>POST /v1/executions/{id}/outcome</c>: what the work came to, with evidence.</summary>
public record RecordOutcomeRequest
{
    /// <summary>Whether the work succeeded. Required.</summary>
    public bool? Success { get; init; }

    /// <summary>Result text, ≤2000 characters.</summary>
    public string? Result { get; init; }

    /// <summary>Error text, ≤2000 characters.</summary>
    public string? Error { get; init; }

    /// <summary>A JSON object, ≤10 KiB serialized.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>An id in another system, ≤500 characters.</summary>
    public string? ExternalId { get; init; }

    /// <summary>An absolute http or https URL.</summary>
    public string? ResultUrl { get; init; }

    /// <summary>A reference to the result, ≤500 characters.</summary>
    public string? ResultRef { get; init; }

    /// <summary>The kind of result, ≤100 characters.</summary>
    public string? ResultType { get; init; }

    /// <summary>A summary, ≤500 characters.</summary>
    public string? Summary { get; init; }

    /// <summary>A JSON array of artifacts.</summary>
    public JsonElement? Artifacts { get; init; }

    /// <summary>(ext) False makes a failure final even with attempts left. Default true.</summary>
    public bool? Retryable { get; init; }
}

using System.Text.Json;

namespace Baton.Contracts.Executions;

/// <summary>
/// <c>PATCH /v1/executions/{id}/evidence</c>: evidence sent after the outcome, with the outcome's limits. Fields
/// sent replace the stored ones; fields left out stay.
/// </summary>
public sealed record UpdateEvidenceRequest
{
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
}

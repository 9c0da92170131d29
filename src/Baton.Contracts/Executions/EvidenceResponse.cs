using System.Text.Json;

namespace Baton.Contracts.Executions;

/// <summary>What a worker offered as proof of its work.</summary>
public sealed record EvidenceResponse
{
    /// <summary>An id in another system (a PR number, a ticket).</summary>
    public string? ExternalId { get; init; }

    /// <summary>An http(s) URL where the result can be seen.</summary>
    public string? ResultUrl { get; init; }

    /// <summary>A reference to the result (a commit, a path).</summary>
    public string? ResultRef { get; init; }

    /// <summary>What kind of result this is.</summary>
    public string? ResultType { get; init; }

    /// <summary>A short summary, ≤500 characters.</summary>
    public string? Summary { get; init; }

    /// <summary>A JSON array of artifacts.</summary>
    public JsonElement? Artifacts { get; init; }
}

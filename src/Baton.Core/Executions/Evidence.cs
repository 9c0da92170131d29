namespace Baton.Core.Executions;

/// <summary>What a worker offers as proof of its work. <see cref="ArtifactsJson"/> is a JSON array or null.</summary>
public sealed record Evidence(
    string? ExternalId = null,
    string? ResultUrl = null,
    string? ResultRef = null,
    string? ResultType = null,
    string? Summary = null,
    string? ArtifactsJson = null)
{
    public bool IsEmpty =>
        ExternalId is null && ResultUrl is null && ResultRef is null && ResultType is null && Summary is null &&
        ArtifactsJson is null;
}

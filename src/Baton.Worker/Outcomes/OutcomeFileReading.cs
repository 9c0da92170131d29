using System.Text.Json.Nodes;

namespace Baton.Worker.Outcomes;

/// <summary>
/// What a handler's outcome file said: the fields that passed their checks, the names of the ones dropped, or why
/// the whole file was unusable. <see cref="Fields"/> is empty when the file was absent or unusable.
/// </summary>
public sealed record OutcomeFileReading
{
    public static readonly OutcomeFileReading Absent = new();

    public bool? Success { get; init; }

    /// <summary>Valid evidence and text fields by wire name (result, error, external_id, …, metadata, artifacts).</summary>
    public IReadOnlyDictionary<string, JsonNode> Fields { get; init; } = new Dictionary<string, JsonNode>();

    /// <summary>Fields present but invalid, with why.</summary>
    public IReadOnlyList<(string Field, string Reason)> Dropped { get; init; } = [];

    /// <summary>Why the file as a whole could not be used (malformed, oversize, bad encoding), or null.</summary>
    public string? ParseError { get; init; }

    public string? Text(string field) => Fields.TryGetValue(field, out var node) ? node.GetValue<string>() : null;
}

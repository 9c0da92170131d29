namespace Baton.Core.Executions;

/// <summary>
/// What a claimer will take. Every field narrows; all are applied inside the claim statement, before its LIMIT
/// (DESIGN §4.2). <see cref="Tasks"/> matches any of its names; <see cref="Tags"/> requires every tag.
/// </summary>
public sealed record ClaimFilter
{
    public static readonly ClaimFilter Any = new();

    public IReadOnlyList<string> Tasks { get; init; } = [];
    public string? Agent { get; init; }
    public string? Queue { get; init; }
    public string? RunId { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
}

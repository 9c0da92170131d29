namespace Baton.Core.Executions;

/// <summary>
/// What a claimer will take. Every field narrows; all are applied inside the claim statement, before its LIMIT
/// (claims filtered by it never starve behind other work). <see cref="Tasks"/> matches any of its names;
/// <see cref="Tags"/> requires every tag.
/// </summary>
public sealed record ClaimFilter
{
    public static readonly ClaimFilter Any = new();

    public IReadOnlyList<string> Tasks { get; init; } = [];
    public string? Agent { get; init; }
    public string? Queue { get; init; }
    public string? RunId { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// Whether a worker execution like <paramref name="e"/> passes this filter: the same terms the stores' claim
    /// statements apply (ClaimFilterSql, FilterSql), for a parked claim's hand-off (<see cref="ParkedClaims"/>).
    /// </summary>
    public bool Matches(NewExecution e) =>
        e.Transport == Cues.CueTransports.Worker &&
        (Tasks.Count == 0 || (e.Task is not null && Tasks.Contains(e.Task))) &&
        (Agent is null || Agent == e.Agent) && (Queue is null || Queue == e.Queue) &&
        (RunId is null || RunId == e.RunId) && Tags.All(e.Tags.Contains);
}

namespace Baton.Core.Dashboard;

/// <summary>A count of executions under one name (a queue or a task; null name: none set).</summary>
public sealed record NamedCount(string? Name, long Count)
{
    /// <summary>How many names the overview lists, largest first.</summary>
    public const int OverviewLimit = 20;

    /// <summary>
    /// The <see cref="OverviewLimit"/> largest totals of <paramref name="parts"/> summed by name, largest first, ties
    /// by name (none set last). The stores count queue and task in one pass over the rows and total them here.
    /// </summary>
    public static IReadOnlyList<NamedCount> Largest(IEnumerable<NamedCount> parts) =>
    [
        .. parts.GroupBy(p => p.Name)
            .Select(g => new NamedCount(g.Key, g.Sum(p => p.Count)))
            .OrderByDescending(n => n.Count).ThenBy(n => n.Name is null).ThenBy(n => n.Name, StringComparer.Ordinal)
            .Take(OverviewLimit),
    ];
}

using Baton.Core.Executions;

namespace Baton.Core.Runs;

/// <summary>One (run, status) group as the drivers aggregate it; <see cref="Fold"/> turns them into summaries.</summary>
public sealed record RunStatusRow(
    string RunId,
    ExecutionStatus Status,
    long Count,
    DateTimeOffset FirstCreatedAt,
    DateTimeOffset? LastFinishedAt,
    DateTimeOffset LastUpdatedAt)
{
    /// <summary>Summaries per run, the most recently active first.</summary>
    public static List<RunSummary> Fold(IEnumerable<RunStatusRow> rows) =>
        [.. rows.GroupBy(r => r.RunId, StringComparer.Ordinal)
            .Select(g => new RunSummary(
                g.Key,
                ExecutionCounts.From(g.ToDictionary(r => r.Status, r => r.Count)),
                g.Min(r => r.FirstCreatedAt),
                g.Max(r => r.LastFinishedAt),
                g.Max(r => r.LastUpdatedAt)))
            .OrderByDescending(r => r.LastActivityAt)
            .ThenBy(r => r.RunId, StringComparer.Ordinal)];

    public static RunSummary Empty(string runId) => new(runId, ExecutionCounts.Zero, null, null, null);
}

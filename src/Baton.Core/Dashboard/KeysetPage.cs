using Baton.Core.Runs;

namespace Baton.Core.Dashboard;

/// <summary>
/// Turns the rows a keyset query fetched (one more than the page holds) into a page and the cursor of the next
/// one: the extra row only says that another page follows; the cursor is the last row shown.
/// </summary>
public static class KeysetPage
{
    public static (IReadOnlyList<T> Items, long? NextBeforeSequence) Cut<T>(IReadOnlyList<(T Item, long Sequence)> rows, int limit)
    {
        var shown = rows.Take(limit).ToList();
        var next = rows.Count > limit ? shown[^1].Sequence : (long?)null;
        return ([.. shown.Select(r => r.Item)], next);
    }

    /// <summary><paramref name="runs"/> in list order (<see cref="RunStatusRow.Fold"/>), cut to <paramref name="limit"/>.</summary>
    public static RunSlice CutRuns(IReadOnlyList<RunSummary> runs, long total, int limit)
    {
        var shown = runs.Take(limit).ToList();
        var next = runs.Count > limit && shown[^1].LastActivityAt is { } at ? new RunCursor(at, shown[^1].RunId) : null;
        return new RunSlice(shown, total, next);
    }
}

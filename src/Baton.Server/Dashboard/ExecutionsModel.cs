using Baton.Core.Dashboard;

namespace Baton.Server.Dashboard;

/// <summary>The executions page: its filter, one keyset page, and whether it is past the first page.</summary>
public sealed record ExecutionsModel(ExecutionFilter Filter, ExecutionList List, bool PastFirstPage)
{
    /// <summary>The page's URL with the filter and <paramref name="changes"/> (null value: drop the term).</summary>
    public string Url(params (string Name, string? Value)[] changes)
    {
        var terms = new List<(string, string?)>
        {
            ("status", Filter.Status is { } s ? Baton.Core.Executions.ExecutionStatusNames.ToName(s) : null),
            ("queue", Filter.Queue), ("task", Filter.Task), ("run_id", Filter.RunId), ("tag", Filter.Tag),
            ("cue_id", Filter.CueId), ("worker_id", Filter.WorkerId), ("title", Filter.Title),
        };
        foreach (var (name, value) in changes)
        {
            terms.RemoveAll(t => t.Item1 == name);
            terms.Add((name, value));
        }

        var query = string.Join('&', terms.Where(t => !string.IsNullOrEmpty(t.Item2))
            .Select(t => t.Item1 + "=" + Uri.EscapeDataString(t.Item2!)));
        return DashboardPaths.Executions + (query.Length > 0 ? "?" + query : "");
    }
}

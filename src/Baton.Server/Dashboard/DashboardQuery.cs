using System.Globalization;
using Baton.Core.Dashboard;
using Baton.Core.Executions;

namespace Baton.Server.Dashboard;

/// <summary>Reads the pages' query strings; a bad value is dropped and named in an inline error, never a 5xx.</summary>
internal static class DashboardQuery
{
    public static (ExecutionFilter Filter, long? Before, string? Error) ParseExecutionFilter(IQueryCollection query)
    {
        var errors = new List<string>();
        string? Text(string name, int max)
        {
            var value = query[name].LastOrDefault()?.Trim();
            if (string.IsNullOrEmpty(value)) return null;
            if (value.Length <= max) return value;
            errors.Add($"{name} is longer than {max} characters");
            return null;
        }

        ExecutionStatus? status = null;
        if (query["status"].LastOrDefault() is { Length: > 0 } rawStatus)
        {
            if (ExecutionStatusNames.TryParse(rawStatus, out var s)) status = s;
            else errors.Add($"'{rawStatus}' is not a status (one of {string.Join(", ", ExecutionStatusNames.All)})");
        }

        long? before = null;
        if (query["before"].LastOrDefault() is { Length: > 0 } rawBefore)
        {
            if (long.TryParse(rawBefore, NumberStyles.None, CultureInfo.InvariantCulture, out var b)) before = b;
            else errors.Add("before is not a page position");
        }

        var filter = new ExecutionFilter
        {
            Status = status,
            Queue = Text("queue", 255),
            Task = Text("task", 255),
            RunId = Text("run_id", 256),
            Tag = Text("tag", 64),
            CueId = Text("cue_id", 255),
            WorkerId = Text("worker_id", 255),
            Title = Text("title", 256),
        };
        var error = errors.Count == 0 ? null : "Ignored: " + string.Join("; ", errors) + ".";
        return (filter, before, error);
    }

    /// <summary>The keyset position (<c>before</c>) of a cues or alerts page; anything unreadable is the first page.</summary>
    public static long? Before(IQueryCollection query) =>
        long.TryParse(query["before"].LastOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : null;

    /// <summary>The query string of the page after <paramref name="next"/> (null: there is none).</summary>
    public static string? BeforeQuery(long? next) =>
        next is { } n ? "before=" + n.ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// The keyset position of a runs page: <c>after_at</c> (microseconds since the Unix epoch, exact, unlike a
    /// formatted time) and <c>after_run</c>. Anything unreadable is the first page.
    /// </summary>
    public static RunCursor? RunAfter(IQueryCollection query) =>
        long.TryParse(query["after_at"].LastOrDefault(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros) &&
        micros is > -62_135_596_800_000_000 and < 253_402_300_800_000_000 &&
        query["after_run"].LastOrDefault() is { Length: > 0 and <= 256 } run
            ? new RunCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), run)
            : null;

    /// <summary>The query string of the runs page after <paramref name="next"/> (null: there is none).</summary>
    public static string? RunAfterQuery(RunCursor? next) =>
        next is null
            ? null
            : "after_at=" + ((next.LastActivityAt.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10).ToString(CultureInfo.InvariantCulture) +
              "&after_run=" + Uri.EscapeDataString(next.RunId);
}

using System.Globalization;

namespace Baton.Server.Tests;

/// <summary>
/// One read of <c>/metrics</c>, seen through one queue: other servers in this test process share the <c>Baton</c>
/// meter name, so a test reads only the series of the queue it made up.
/// </summary>
internal sealed class PrometheusScrape(string text, string queue)
{
    public string Text { get; } = text;

    public static async Task<PrometheusScrape> ReadAsync(ServerHarness server, string queue, CancellationToken ct) =>
        new(await server.Http.GetStringAsync(new Uri(server.BaseUrl, "/metrics"), ct), queue);

    /// <summary>The series of <paramref name="metric"/> for the queue, optionally with one more label.</summary>
    public IEnumerable<string> Lines(string metric, string? label = null) =>
        Text.Split('\n').Where(l =>
            l.StartsWith(metric + "{", StringComparison.Ordinal) &&
            l.Contains($"queue=\"{queue}\"", StringComparison.Ordinal) &&
            (label is null || l.Contains(label, StringComparison.Ordinal)));

    public double Sum(string metric, string? label = null) => Lines(metric, label).Sum(Value);

    /// <summary>The sample value: after the closing brace of the labels, before an optional timestamp.</summary>
    public static double Value(string line) =>
        double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary><c>baton serve</c>'s logs as a log shipper reads them: with <c>BATON_LOG_FORMAT=json</c>, JSON lines with scopes.</summary>
public sealed partial class ServeLogFormatTests
{
    [Fact]
    public async Task With_BATON_LOG_FORMAT_json_every_log_entry_is_a_json_object_carrying_the_request_id_scope()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        using var http = new HttpClient();
        await using var baton = BatonProcess.StartWithEnvironment(
            new Dictionary<string, string> { ["BATON_LOG_FORMAT"] = "json", ["Logging__LogLevel__Default"] = "Information" },
            "serve", "--url", "http://127.0.0.1:0", "--data-dir", data.Path);
        var url = await baton.WaitForReadyAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "/v1/executions"));
        request.Headers.Add("X-Request-Id", "json-log-test-4711");
        using var answer = await http.SendAsync(request, ct);
        await baton.TerminateAsync();

        var lines = baton.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.DoesNotContain(lines, l => TextLogLine().IsMatch(l));
        var entries = lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            Assert.True(entry.TryGetProperty("Timestamp", out _));
            Assert.True(entry.TryGetProperty("LogLevel", out _));
            Assert.True(entry.TryGetProperty("Category", out _));
            Assert.True(entry.TryGetProperty("Message", out _));
        }

        Assert.Contains(entries, e => e.TryGetProperty("Scopes", out var scopes) &&
            scopes.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object &&
                s.TryGetProperty("RequestId", out var id) && id.GetString() == "json-log-test-4711"));
    }

    /// <summary>The text format's line: a timestamp, then a level such as <c>info:</c>.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\S+Z (trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex TextLogLine();
}

using Baton.Server;
using Baton.Storage.Sqlite;
using Baton.Testing;
using Microsoft.Data.Sqlite;

namespace Baton.Cli.Tests;

/// <summary>The CLI against a real server whose database cannot be used right now: it says so, in one line.</summary>
public sealed class OutageMessageTests
{
    [Fact]
    public async Task A_command_while_the_servers_database_is_unavailable_says_so_without_a_stack_trace()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var server = await BatonProcess.ServeAsync(data.Path);
        var key = server.PrintedApiKey ?? throw new InvalidOperationException("the first start printed no API key");
        var url = await server.WaitForReadyAsync();

        // Another process holds the write lock past the server's busy timeout: the store is unavailable, not broken.
        await using var other = new SqliteConnection($"Data Source={Path.Combine(data.Path, BatonServerHost.DatabaseFileName)};Pooling=False");
        await other.OpenAsync(ct);
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync(ct);
        }

        // The server waits for the lock before it answers 503: SQLite's busy handler for the busy timeout, and
        // Microsoft.Data.Sqlite's command timeout (the same length) around it, so up to twice the busy timeout. The
        // process gets that on top of its start-up time (on a loaded CI machine, start-up alone can take 30 s).
        var busyTimeout = new SqliteStoreOptions { DatabasePath = "unused" }.BusyTimeout;
        var result = await Cli.RunAsync(
            new Dictionary<string, string> { ["BATON_URL"] = url.ToString(), ["BATON_API_KEY"] = key },
            2 * busyTimeout, "enqueue", "--task", "t");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("database is unavailable", result.Stderr, StringComparison.Ordinal);
        Assert.False(result.Stderr.Contains("   at ", StringComparison.Ordinal), "a stack trace in stderr:\n" + result.Stderr);
    }
}

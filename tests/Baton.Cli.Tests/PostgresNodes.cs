using System.Diagnostics;
using System.Globalization;
using Baton.Client;
using Baton.Testing;
using Npgsql;

namespace Baton.Cli.Tests;

/// <summary>
/// Real <c>baton serve</c> processes sharing one fresh PostgreSQL database: the multi-node tests' common ground.
/// The first node to start creates the tenant; every client uses its key.
/// </summary>
internal sealed class PostgresNodes(PostgresCluster cluster, string connectionString) : IAsyncDisposable
{
    private readonly List<BatonProcess> _processes = [];
    private readonly HttpClient _http = new();
    private string _apiKey = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public string ConnectionString => connectionString;

    /// <summary>The processes in start order, to kill one.</summary>
    public IReadOnlyList<BatonProcess> Processes => _processes;

    public static async Task<PostgresNodes> CreateAsync(PostgresCluster cluster) =>
        new(cluster, await cluster.CreateDatabaseAsync());

    public async Task<BatonClient> StartNodeAsync(string nodeId, params string[] extra)
    {
        var node = BatonProcess.Start(
        [
            "serve", "--url", "http://127.0.0.1:0", "--store", "postgres", "--connection", connectionString,
            "--node-id", nodeId, "--rate-limit", "1000000", .. extra,
        ]);
        _processes.Add(node);
        var url = await node.WaitForReadyAsync();
        if (node.PrintedApiKey is { } key) _apiKey = key;
        return new BatonClient(_http, url, _apiKey);
    }

    /// <summary>Waits until <paramref name="node"/> holds an unexpired leadership lease.</summary>
    public async Task WaitForLeaderAsync(string node, TimeSpan within)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(Ct);
        var clock = Stopwatch.StartNew();
        string? holder = null;
        while (clock.Elapsed < within)
        {
            await using var cmd = new NpgsqlCommand("SELECT holder FROM leader_leases WHERE expires_at > now()", db);
            holder = await cmd.ExecuteScalarAsync(Ct) as string;
            if (holder == node) return;
            await Task.Delay(100, Ct);
        }

        Assert.Fail($"{node} did not become leader within {within.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (holder: {holder ?? "none"})");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _processes) await node.DisposeAsync();
        _http.Dispose();
        await cluster.DropDatabaseAsync(connectionString);
    }
}

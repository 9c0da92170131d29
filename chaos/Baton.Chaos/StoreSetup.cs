using System.Diagnostics;
using Baton.Testing;
using Npgsql;

namespace Baton.Chaos;

public enum ChaosStore
{
    Postgres,
    Sqlite,
}

/// <summary>
/// The store a run uses and the faults that fit it: a throwaway PostgreSQL cluster shared by two nodes, or a SQLite
/// data directory on a small tmpfs (so the disk can be filled) served by one node.
/// </summary>
public sealed class StoreSetup : IAsyncDisposable
{
    private readonly PostgresCluster? _cluster;
    private readonly string? _connectionString;
    private readonly string? _dataDirectory;
    private readonly bool _mounted;

    private StoreSetup(PostgresCluster cluster, string connectionString)
    {
        _cluster = cluster;
        _connectionString = connectionString;
        var args = new[] { "--store", "postgres", "--connection", connectionString, "--rate-limit", "1000000", "--leader-ttl", Chaos.Faults.LeaderTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        NodeArguments = [[.. args, "--node-id", "node-0"], [.. args, "--node-id", "node-1"]];
    }

    private StoreSetup(string dataDirectory, bool mounted)
    {
        _dataDirectory = dataDirectory;
        _mounted = mounted;
        NodeArguments = [["--data-dir", dataDirectory, "--rate-limit", "1000000"]];
    }

    public IReadOnlyList<string[]> NodeArguments { get; }

    public static async Task<StoreSetup> CreateAsync(ChaosStore store, string directory, TextWriter log)
    {
        if (store == ChaosStore.Postgres)
        {
            var cluster = new PostgresCluster();
            await cluster.InitializeAsync();
            return new StoreSetup(cluster, await cluster.CreateDatabaseAsync());
        }

        var data = Path.Combine(directory, "data");
        Directory.CreateDirectory(data);
        var mounted = await RunAsync("mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", data) == 0;
        if (!mounted) log.WriteLine("  (no tmpfs could be mounted here: not root? the disk-full fault is left out)");
        return new StoreSetup(data, mounted);
    }

    public IReadOnlyList<Fault> Faults(ServerNodes nodes, WorkerDaemons workers, List<Task> background)
    {
        if (_cluster is not null)
        {
            var database = new NpgsqlConnectionStringBuilder(_connectionString).Database!;
            return
            [
                Chaos.Faults.KillNode(nodes),
                Chaos.Faults.PauseLeader(nodes, _connectionString!),
                Chaos.Faults.KillWorker(workers),
                Chaos.Faults.RestartPostgres(_cluster),
                Chaos.Faults.TerminateBackends(_cluster.AdminConnectionString, database),
                Chaos.Faults.LongForeignTransaction(_cluster.AdminConnectionString, TimeSpan.FromSeconds(10), background),
            ];
        }

        return _mounted
            ? [Chaos.Faults.KillNode(nodes), Chaos.Faults.KillWorker(workers), Chaos.Faults.FillDisk(_dataDirectory!, TimeSpan.FromSeconds(3))]
            : [Chaos.Faults.KillNode(nodes), Chaos.Faults.KillWorker(workers)];
    }

    /// <summary>What the database is doing right now (PostgreSQL: sessions in a transaction and who waits on whom), for a run that did not drain.</summary>
    public async Task<string> DescribeAsync()
    {
        if (_cluster is null) return "";
        await using var db = new NpgsqlConnection(_cluster.AdminConnectionString);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT pid, datname, state, now() - xact_start AS open_for, wait_event_type, wait_event, pg_blocking_pids(pid), left(query, 160)
            FROM pg_stat_activity WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid() ORDER BY xact_start
            """, db);
        await using var r = await cmd.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await r.ReadAsync())
        {
            var values = new object[r.FieldCount];
            r.GetValues(values);
            lines.Add(string.Join(" | ", values.Select(v => v is Array a ? string.Join(",", a.Cast<object>()) : v?.ToString())));
        }

        return string.Join('\n', lines);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_mounted) await RunAsync("umount", "-l", _dataDirectory!);
    }

    private static async Task<int> RunAsync(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info)!;
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}

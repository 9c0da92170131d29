using System.Diagnostics;
using Npgsql;

namespace Baton.Bench;

/// <summary>
/// A throwaway PostgreSQL cluster from the machine's binaries (initdb + pg_ctl in a temp dir on a free port; as the
/// postgres user when we are root). Default configuration except: listen on 127.0.0.1 only, the socket in the temp
/// dir, <c>max_connections = 300</c> (1,000 parked HTTP claims hold no connection, but Baton's pool, the peers'
/// pools and the harness's own connections together pass the default 100). fsync and synchronous_commit stay on.
/// </summary>
public sealed class PgCluster : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _bin;

    private PgCluster(string directory, string bin, int port)
    {
        _directory = directory;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string AdminConnectionString => ConnectionString("postgres");

    public static async Task<PgCluster> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql")
                      .Select(d => Path.Combine(d, "bin"))
                      .Where(d => File.Exists(Path.Combine(d, "initdb")))
                      .OrderDescending(StringComparer.Ordinal).FirstOrDefault()
                  ?? throw new InvalidOperationException("no initdb under /usr/lib/postgresql/*/bin");
        var directory = Path.Combine(Path.GetTempPath(), "baton-bench-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        if (IsRoot()) await RunAsync("chown", ["postgres", directory], asPostgres: false);
        var port = Tools.FreePort();
        var data = Path.Combine(directory, "data");
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8"], IsRoot());
        await RunAsync(Path.Combine(bin, "pg_ctl"),
        [
            "-D", data, "-l", Path.Combine(directory, "log"), "-w", "-t", "60", "-o",
            $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=300 {Environment.GetEnvironmentVariable("BATON_BENCH_PG_OPTIONS")}", "start",
        ], IsRoot());
        return new PgCluster(directory, bin, port);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=100;Timeout=60;Command Timeout=600";

    public string Url(string database) => $"postgres://postgres@127.0.0.1:{Port}/{database}";

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await ExecuteAsync($"CREATE DATABASE {name}");
        return ConnectionString(name);
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    /// <summary>ANALYZE the database, then CHECKPOINT, so every system starts a run from the same state.</summary>
    public async Task PrepareAsync(string database)
    {
        await ExecuteAsync("ANALYZE", database);
        await ExecuteAsync("CHECKPOINT", database);
    }

    public async Task SetSynchronousCommitAsync(bool on)
    {
        await ExecuteAsync($"ALTER SYSTEM SET synchronous_commit = {(on ? "on" : "off")}");
        await ExecuteAsync("SELECT pg_reload_conf()");
        NpgsqlConnection.ClearAllPools();
    }

    public async Task<string> ScalarAsync(string sql, string database = "postgres")
    {
        await using var c = new NpgsqlConnection(ConnectionString(database));
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>Transactions committed in <paramref name="database"/> so far (read from another database, so the read is not counted).</summary>
    public async Task<long> XactCommitAsync(string database)
    {
        await using var c = new NpgsqlConnection(AdminConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = @d", c);
        cmd.Parameters.AddWithValue("d", database);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var c = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 600 };
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "fast", "stop"], IsRoot(), check: false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The postmaster may still be removing its socket; the temp dir goes with the machine.
        }
    }

    private static bool IsRoot() => Environment.UserName == "root";

    /// <summary>Runs one of the cluster's client tools (e.g. pgbench) against it as the caller; answers its output.</summary>
    public Task<string> RunToolAsync(string tool, params string[] args) =>
        RunAsync(Path.Combine(_bin, tool), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", .. args], asPostgres: false);

    private static async Task<string> RunAsync(string file, string[] args, bool asPostgres, bool check = true)
    {
        var psi = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) psi.ArgumentList.Add(a);
        }

        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (check && p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited {p.ExitCode}: {await stdout}{await stderr}");
        }

        return await stdout;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Baton.Storage.Postgres;
using Npgsql;
using Xunit;

namespace Baton.Testing;

/// <summary>
/// One throwaway PostgreSQL per test assembly: <c>BATON_TEST_POSTGRES</c> when set, else a cluster made with the
/// machine's own binaries (<c>initdb</c> + <c>pg_ctl</c> on a free port in a temp dir, as the postgres user when
/// run as root). Tests get a database copied from a migrated template in milliseconds. When no PostgreSQL can
/// be had, tests skip with the reason — unless <c>BATON_REQUIRE_POSTGRES=1</c> (CI), which turns that into a failure.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string TemplateName = "baton_template";
    private string? _directory;
    private string? _binDirectory;
    private string? _unavailableReason;
    private string _serverOptions = "";

    /// <summary>A superuser connection string to the cluster's <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; private set; } = "";

    public static bool Required => Environment.GetEnvironmentVariable("BATON_REQUIRE_POSTGRES") == "1";

    public async ValueTask InitializeAsync()
    {
        try
        {
            var external = Environment.GetEnvironmentVariable("BATON_TEST_POSTGRES");
            AdminConnectionString = string.IsNullOrWhiteSpace(external) ? await StartLocalClusterAsync() : external;
            await CreateTemplateAsync();
        }
        catch (Exception e) when (!Required)
        {
            _unavailableReason = "PostgreSQL is not available (" + e.Message + "); set BATON_TEST_POSTGRES or install PostgreSQL binaries";
        }
    }

    /// <summary>Skips the calling test (or fails it under BATON_REQUIRE_POSTGRES=1) when there is no PostgreSQL.</summary>
    public void EnsureAvailable()
    {
        if (_unavailableReason is not null) Assert.Skip(_unavailableReason);
    }

    /// <summary>A new database, a copy of the migrated template; returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => CreateDatabaseAsync(TemplateName);

    /// <summary>A new database with no migration applied (for the upgrade tests); returns its connection string.</summary>
    public Task<string> CreateEmptyDatabaseAsync() => CreateDatabaseAsync("template0");

    private async Task<string> CreateDatabaseAsync(string template)
    {
        EnsureAvailable();
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var c = new NpgsqlConnection(AdminConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {template}", c);
            await cmd.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(AdminConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", c);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_directory is not null && _binDirectory is not null)
        {
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "stop"]);
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // The postmaster may still be removing its socket; the temp directory goes with the machine.
            }
        }
    }

    /// <summary>
    /// Crashes the server (<c>pg_ctl stop -m immediate</c>: no shutdown checkpoint, as after a power cut or a killed
    /// postmaster), keeps it down for <paramref name="downFor"/>, and starts it again; returns once it accepts
    /// connections. Only for a cluster this class started.
    /// </summary>
    public async Task CrashAndRestartAsync(TimeSpan downFor)
    {
        if (_directory is null || _binDirectory is null) throw new InvalidOperationException("not a cluster this class started");
        var data = Path.Combine(_directory, "data");
        await RunCheckedAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
        await Task.Delay(downFor);
        await StartServerAsync();
    }

    private Task StartServerAsync() =>
        RunCheckedAsync(Path.Combine(_binDirectory!, "pg_ctl"),
            ["-D", Path.Combine(_directory!, "data"), "-l", Path.Combine(_directory!, "log"), "-w", "-t", "60", "-o", _serverOptions, "start"]);

    private async Task CreateTemplateAsync()
    {
        await using (var c = new NpgsqlConnection(AdminConnectionString))
        {
            await c.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {TemplateName} WITH (FORCE)", c);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {TemplateName}", c);
            await create.ExecuteNonQueryAsync();
        }

        var template = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = TemplateName }.ConnectionString;
        await using (var store = PostgresStore.Open(new PostgresStoreOptions { ConnectionString = template }, TimeProvider.System))
        {
            await store.MigrateAsync(CancellationToken.None);
        }

        // CREATE DATABASE … TEMPLATE needs the template to have no open connections.
        NpgsqlConnection.ClearAllPools();
    }

    private async Task<string> StartLocalClusterAsync()
    {
        _binDirectory = FindBinaries() ?? throw new InvalidOperationException("no initdb under /usr/lib/postgresql/*/bin");
        _directory = Path.Combine(Path.GetTempPath(), "baton-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_directory);
        var data = Path.Combine(_directory, "data");
        var port = FreePort();
        if (IsRoot())
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            await RunCheckedAsync("chown", ["postgres", _directory]);
        }

        await RunCheckedAsync(Path.Combine(_binDirectory, "initdb"),
            ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
        // fsync off: a test cluster does not need to survive power loss, and it makes every commit cheap.
        _serverOptions =
            $"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=400";
        await StartServerAsync();
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=100";
    }

    private static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderDescending(StringComparer.Ordinal)
                .FirstOrDefault()
            : null;

    private static bool IsRoot() => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunCheckedAsync(string file, string[] args)
    {
        var (code, output) = await RunAsync(file, args);
        if (code != 0) throw new InvalidOperationException($"{Path.GetFileName(file)} exited {code}: {output}");
    }

    /// <summary>Runs a PostgreSQL binary, as the postgres user when we are root.</summary>
    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args)
    {
        var asPostgres = IsRoot() && file.StartsWith('/') && !file.EndsWith("chown", StringComparison.Ordinal);
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
        return (p.ExitCode, await stdout + await stderr);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Baton.Bench;

/// <summary>
/// A throwaway <c>redis-server</c> for BullMQ, one per scenario so each run starts from an empty server, as each
/// PostgreSQL peer starts from a fresh database: a temp dir (on the same disk as the PostgreSQL cluster), a free
/// port, 127.0.0.1 only. Default configuration except the append-only file, which is on with the given
/// <c>appendfsync</c> policy, and RDB snapshots, which are off (<c>save ""</c>): the AOF is then the only
/// persistence, and no snapshot forks in the middle of a timed run. Stopped and deleted on dispose.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>
    /// Every write is fsynced before Redis answers it (one fsync per event-loop pass covers all the clients served
    /// in it): the setting comparable to PostgreSQL's <c>synchronous_commit = on</c>.
    /// </summary>
    public const string FsyncAlways = "always";

    /// <summary>
    /// Writes are acknowledged first and fsynced once a second, what BullMQ's "going to production" guide
    /// recommends; a crash can lose about a second of acknowledged jobs, like <c>synchronous_commit = off</c>.
    /// </summary>
    public const string FsyncEverySec = "everysec";

    private readonly Process _process;
    private readonly string _directory;

    private RedisServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>How the report's settings column states the durability of a run with this policy.</summary>
    public static string Label(string appendFsync) => appendFsync == FsyncAlways
        ? "Redis AOF appendfsync always (every write fsynced before its reply)"
        : $"Redis AOF appendfsync {appendFsync} (acknowledged before fsync: up to 1 s lost on a crash)";

    public static async Task<RedisServer> StartAsync(string appendFsync)
    {
        var binary = Binary() ?? throw new InvalidOperationException(
            "redis-server is not installed: run bench/peers/install.sh (apt-get install redis-server)");
        var directory = Path.Combine(Path.GetTempPath(), "baton-bench-redis-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        var port = Tools.FreePort();
        var psi = new ProcessStartInfo(binary) { UseShellExecute = false };
        foreach (var a in new[]
                 {
                     "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory,
                     "--daemonize", "no", "--logfile", Path.Combine(directory, "redis.log"), "--save", "",
                     "--appendonly", "yes", "--appendfsync", appendFsync,
                 })
        {
            psi.ArgumentList.Add(a);
        }

        var server = new RedisServer(Process.Start(psi)!, directory, port);
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The version for the report, or null when Redis is not installed (smoke runs need none).</summary>
    public static async Task<string?> VersionAsync()
    {
        if (Binary() is not { } binary) return null;
        using var p = Process.Start(new ProcessStartInfo(binary, "--version")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var text = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        // "Redis server v=7.0.15 sha=… malloc=… bits=64 build=…": the build details are noise in a report.
        var version = text.Split(' ').FirstOrDefault(w => w.StartsWith("v=", StringComparison.Ordinal));
        return version is null ? text.Trim() : "Redis " + version[2..];
    }

    public async ValueTask DisposeAsync()
    {
        await Tools.StopAsync(_process, TimeSpan.FromSeconds(30));
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string? Binary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Append("/usr/bin").Append("/usr/sbin")
        .Select(d => Path.Combine(d, "redis-server"))
        .FirstOrDefault(File.Exists);

    /// <summary>Redis accepts connections before it has loaded its data: wait for PING to be answered.</summary>
    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                var log = Path.Combine(_directory, "redis.log");
                var text = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
                throw new InvalidOperationException($"redis-server exited {_process.ExitCode}: {text}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal)) return;
            }
            catch (SocketException)
            {
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"redis-server on port {Port} did not answer PING within 30 s");
            }

            await Task.Delay(50);
        }
    }
}

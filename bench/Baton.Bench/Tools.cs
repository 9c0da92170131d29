using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Baton.Bench;

/// <summary>Paths and child processes: the repository, the baton build, the peers' drivers.</summary>
public static class Tools
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The build configuration this harness was built with; baton is taken from the same one.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string Dotnet() =>
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    public static string BatonCliDll() =>
        Path.Combine(RepoRoot, "src", "Baton.Cli", "bin", Configuration, "net10.0", "baton.dll");

    public static string BenchDll() => typeof(Tools).Assembly.Location;

    public static string PeersDirectory => Path.Combine(RepoRoot, "bench", "peers");

    public static string NodeBinary => Path.Combine(PeersDirectory, "node", "node_modules", "node", "bin", "node");

    public static string HangfireDll => Path.Combine(PeersDirectory, "hangfire", "bin", "Release", "net10.0", "HangfirePeer.dll");

    /// <summary>A loopback port nothing listens on now, for a server the harness starts (PostgreSQL, Redis).</summary>
    /// <summary>
    /// CPU seconds (user + system) a process has used so far, from <c>/proc/PID/stat</c> (clock ticks of 1/100 s).
    /// Unlike a throughput, it hardly moves when other processes compete for the cores.
    /// </summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces) start at the last ')'; utime and stime are 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool Kill(int pid, string signal)
    {
        using var p = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        });
        p?.WaitForExit();
        return p?.ExitCode == 0;
    }

    /// <summary>
    /// Stops a server the harness started: SIGTERM, so it can stop gracefully (Baton answers its parked requests,
    /// Redis fsyncs its append-only file), then a kill of its process tree if it has not exited within
    /// <paramref name="grace"/>.
    /// </summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited) return;
        _ = Kill(process.Id, "TERM");
        using var wait = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Runs a driver to completion and returns the JSON of its <c>RESULT</c> line.</summary>
    public static async Task<JsonElement> RunForResultAsync(
        string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? env = null,
        TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string? result = null;
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(15));
        try
        {
            while (await p.StandardOutput.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.StartsWith("RESULT ", StringComparison.Ordinal)) result = line["RESULT ".Length..];
            }

            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', psi.ArgumentList)} timed out");
        }

        if (result is null)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', psi.ArgumentList)} exited {p.ExitCode} without a result: {await stderr}");
        }

        using var doc = JsonDocument.Parse(result);
        return doc.RootElement.Clone();
    }

    private static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Baton.slnx"))) return d.FullName;
        }

        throw new InvalidOperationException("run from inside the Baton repository");
    }
}

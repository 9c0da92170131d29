using System.Diagnostics;
using System.Globalization;

namespace Baton.Bench;

/// <summary>
/// A real <c>baton serve</c> process (the Baton.Cli build beside this one), with rate limiting raised out of the
/// way. Reads the first tenant's key and the ready line from its standard output.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const string KeyPrefix = "API key (shown once): ";
    private const string ReadyPrefix = "Baton listening on ";
    private readonly Process _process;
    private bool _disposed;

    private ServerProcess(Process process, Uri url, string apiKey)
    {
        _process = process;
        Url = url;
        ApiKey = apiKey;
    }

    public Uri Url { get; }
    public string ApiKey { get; }
    public int Pid => _process.Id;

    /// <summary>
    /// Starts <c>baton serve</c>. Two nodes of one PostgreSQL database need two <paramref name="nodeId"/>s (wake-ups
    /// carry it); a node joining a database another node created prints no key, so it is given that one's
    /// <paramref name="apiKey"/>.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        string? postgresConnection, string dataDirectory, ServerOptions? options = null, string nodeId = "bench", string? apiKey = null)
    {
        var port = Tools.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var args = new List<string>
        {
            Tools.BatonCliDll(), "serve", "--url", url, "--data-dir", dataDirectory,
            "--rate-limit", int.MaxValue.ToString(CultureInfo.InvariantCulture),
        };
        if (postgresConnection is not null) args.AddRange(["--store", "postgres", "--connection", postgresConnection, "--node-id", nodeId]);
        args.AddRange(options?.Arguments ?? []);
        var psi = new ProcessStartInfo(Tools.Dotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in options?.Environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        var process = Process.Start(psi)!;
        // Warnings and errors only; kept out of the run's log (parked claims cut off at shutdown log noise).
        var log = Path.Combine(dataDirectory, $"serve-{port}.log");
        Directory.CreateDirectory(dataDirectory);
        var errors = new StreamWriter(log) { AutoFlush = true };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.WriteLine(e.Data);
        };
        process.BeginErrorReadLine();
        var key = apiKey;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                       ?? throw new InvalidOperationException("baton serve exited before it was ready");
            if (line.StartsWith(KeyPrefix, StringComparison.Ordinal)) key = line[KeyPrefix.Length..].Trim();
            if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal)) break;
        }

        // Keep draining standard output so the server never blocks on a full pipe.
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
            }
        });
        return new ServerProcess(process, new Uri(url), key ?? throw new InvalidOperationException("no API key printed: was the database new?"));
    }

    /// <summary>Resident set size and its peak so far, in MiB, from /proc.</summary>
    public (double RssMb, double PeakMb) Memory()
    {
        var status = File.ReadAllLines($"/proc/{Pid}/status");
        double Kb(string name) => double.Parse(
            status.First(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0],
            CultureInfo.InvariantCulture);
        return (Kb("VmRSS:") / 1024, Kb("VmHWM:") / 1024);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await Tools.StopAsync(_process, TimeSpan.FromSeconds(40));
        _process.Dispose();
    }
}

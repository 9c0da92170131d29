using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Baton.Testing;

namespace Baton.Chaos;

/// <summary>
/// The <c>baton serve</c> processes of a run, each on a port of its own that it keeps across restarts, so clients
/// and workers find a killed node again when it comes back. The first start of a new database prints the API key.
/// </summary>
public sealed class ServerNodes(IReadOnlyList<string[]> argumentsPerNode, string directory, TextWriter log) : IAsyncDisposable
{
    private readonly int[] _ports = [.. argumentsPerNode.Select(_ => FreePort())];
    private readonly BatonProcess?[] _processes = new BatonProcess?[argumentsPerNode.Count];

    public int Count => argumentsPerNode.Count;

    public string ApiKey { get; private set; } = "";

    public Uri Url(int node) => new($"http://127.0.0.1:{_ports[node].ToString(CultureInfo.InvariantCulture)}/");

    public bool IsRunning(int node) => _processes[node] is { HasExited: false };

    public async Task StartAsync(int node)
    {
        if (_processes[node] is { } old) await SaveOutputAsync(old, node);
        var process = BatonProcess.Start(["serve", "--url", Url(node).AbsoluteUri.TrimEnd('/'), .. argumentsPerNode[node]]);
        _processes[node] = process;
        await process.WaitForReadyAsync();
        if (process.PrintedApiKey is { } key) ApiKey = key;
    }

    /// <summary>SIGKILL: nothing flushed, closed or handed over.</summary>
    public async Task KillAsync(int node)
    {
        if (_processes[node] is { HasExited: false } process)
        {
            await process.KillHardAsync();
            log.WriteLine($"  node {node} killed");
        }
    }

    /// <summary>SIGSTOP, then SIGCONT after <paramref name="pausedFor"/>: a node frozen mid-work (a GC pause, a VM stall).</summary>
    public async Task PauseAsync(int node, TimeSpan pausedFor, CancellationToken ct)
    {
        if (_processes[node] is not { HasExited: false } process) return;
        await SignalAsync(process.Id, "STOP");
        try
        {
            await Task.Delay(pausedFor, ct);
        }
        finally
        {
            await SignalAsync(process.Id, "CONT");
        }
    }

    public static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _processes.Length; i++)
        {
            if (_processes[i] is { } process) await SaveOutputAsync(process, i);
            _processes[i] = null; // disposing twice is harmless: the run stops workers before reading the final state
        }
    }

    /// <summary>Appends a process's output to <c>node-N.log</c> in the run's directory, then disposes it.</summary>
    private async Task SaveOutputAsync(BatonProcess process, int node)
    {
        await process.DisposeAsync();
        await File.AppendAllTextAsync(Path.Combine(directory, $"node-{node.ToString(CultureInfo.InvariantCulture)}.log"),
            string.Join('\n', process.StdoutLines) + "\n" + process.Stderr + "\n--- process ended ---\n");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

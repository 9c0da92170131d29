using System.Globalization;
using Baton.Testing;

namespace Baton.Chaos;

/// <summary>
/// Real <c>baton worker</c> daemons, each talking to one node, running a short shell handler for the executions of
/// the daemon task and the cue. A daemon is killed alone (its running handler lives on, its report never comes) and
/// started again, as after a crash.
/// </summary>
public sealed class WorkerDaemons(ServerNodes nodes, string directory, int count, TextWriter log) : IAsyncDisposable
{
    public const string CueTask = "cue";

    private readonly BatonProcess?[] _processes = new BatonProcess?[count];

    public int Count => count;

    public async Task StartAsync(int worker)
    {
        if (_processes[worker] is { } old) await SaveOutputAsync(old, worker);
        var config = Path.Combine(directory, $"worker-{worker.ToString(CultureInfo.InvariantCulture)}.yaml");
        await File.WriteAllTextAsync(config, $"""
            api_base: {nodes.Url(worker % nodes.Count).AbsoluteUri}
            worker_id: daemon-{worker}
            max_concurrent: 2
            lease_seconds: {Load.LeaseSeconds + 1}
            heartbeat_interval: 2
            poll_interval: 1
            shutdown_grace_seconds: 2
            handlers:
              {Load.DaemonTask}:
                cmd: sleep 0.2 && echo done
                timeout: 30
              {CueTask}:
                cmd: echo fired
                timeout: 30
            """);
        _processes[worker] = BatonProcess.StartWithEnvironment(
            new Dictionary<string, string> { ["BATON_API_KEY"] = nodes.ApiKey }, "worker", "--config", config);
    }

    /// <summary>SIGKILL of the daemon alone, mid-handler more often than not.</summary>
    public async Task KillAsync(int worker)
    {
        if (_processes[worker] is { HasExited: false } process)
        {
            await process.KillAloneAsync();
            log.WriteLine($"  worker {worker} killed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _processes.Length; i++)
        {
            if (_processes[i] is { } process) await SaveOutputAsync(process, i);
            _processes[i] = null; // disposing twice is harmless: the run stops workers before reading the final state
        }
    }

    private async Task SaveOutputAsync(BatonProcess process, int worker)
    {
        await process.DisposeAsync();
        await File.AppendAllTextAsync(Path.Combine(directory, $"worker-{worker.ToString(CultureInfo.InvariantCulture)}.log"),
            string.Join('\n', process.StdoutLines) + "\n" + process.Stderr + "\n--- process ended ---\n");
    }
}

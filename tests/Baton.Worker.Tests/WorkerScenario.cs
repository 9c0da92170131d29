using System.Diagnostics;
using System.Text.Json;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Testing;

namespace Baton.Worker.Tests;

/// <summary>
/// One test's world: a fresh tenant on the shared server, a scratch directory for configs, handler traces and pid
/// files, and the real <c>baton worker</c> processes it starts (stopped, with any handler they left behind, at the end).
/// </summary>
public sealed class WorkerScenario : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly WorkerTestServer _server;
    private readonly List<BatonProcess> _workers = [];

    private WorkerScenario(WorkerTestServer server, string apiKey, BatonClient client)
    {
        _server = server;
        ApiKey = apiKey;
        Client = client;
    }

    public string ApiKey { get; }

    public BatonClient Client { get; }

    public TempDirectory Directory { get; } = new();

    public string Dir => Directory.Path;

    public Uri Url => _server.Url;

    public static async Task<WorkerScenario> CreateAsync(WorkerTestServer server)
    {
        var (key, client) = await server.NewTenantAsync();
        return new WorkerScenario(server, key, client);
    }

    /// <summary>A config file: the connection and short intervals, then <paramref name="body"/> (handlers and overrides).</summary>
    public string WriteConfig(string workerId, string body, string? apiKey = null)
    {
        var path = Path.Combine(Dir, workerId + ".yaml");
        File.WriteAllText(path, $"""
            api_key: {apiKey ?? ApiKey}
            api_base: {Url.AbsoluteUri.TrimEnd('/')}/v1
            worker_id: {workerId}
            heartbeat_interval: 1
            poll_interval: 1
            kill_grace_seconds: 1
            {body}
            """);
        return path;
    }

    /// <summary>Starts <c>baton worker --config</c> and waits for its start line.</summary>
    public async Task<BatonProcess> StartWorkerAsync(string workerId, string body)
    {
        var worker = StartWorker(WriteConfig(workerId, body));
        await worker.WaitForStdoutAsync(l => l.Contains("Baton worker " + workerId + " started", StringComparison.Ordinal), Patience);
        return worker;
    }

    public BatonProcess StartWorker(string configPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var worker = BatonProcess.StartWithEnvironment(
            environment ?? new Dictionary<string, string>(), "worker", "--config", configPath);
        _workers.Add(worker);
        return worker;
    }

    public async Task<ExecutionResponse> EnqueueAsync(string task, object? payload = null, int priority = 0, int maxAttempts = 1, string? title = null, string? runId = null)
    {
        var enqueued = await Client.EnqueueAsync(new EnqueueExecutionRequest
        {
            Task = task,
            Title = title,
            RunId = runId,
            Priority = priority,
            MaxAttempts = maxAttempts,
            Payload = payload is null ? null : JsonSerializer.SerializeToElement(payload),
        }, TestContext.Current.CancellationToken);
        return enqueued.Execution;
    }

    public Task<ExecutionResponse> WaitForEndAsync(Guid id) =>
        Client.WaitForExecutionAsync(id, Patience, TestContext.Current.CancellationToken);

    public Task<ExecutionResponse> GetAsync(Guid id) => Client.GetExecutionAsync(id, TestContext.Current.CancellationToken);

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <see cref="Patience"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (within ?? Patience)) Assert.Fail("timed out waiting until " + what);
            await Task.Delay(100);
        }
    }

    public async Task WaitUntilDeliveringAsync(params Guid[] ids) =>
        await EventuallyAsync(async () =>
        {
            foreach (var id in ids)
            {
                if ((await GetAsync(id)).Status != "delivering") return false;
            }

            return true;
        }, "every execution is claimed");

    /// <summary>A pid a handler wrote to <paramref name="file"/> in the scratch directory, once it is there.</summary>
    public async Task<int> ReadPidAsync(string file)
    {
        var path = Path.Combine(Dir, file);
        await EventuallyAsync(() => Task.FromResult(File.Exists(path) && File.ReadAllText(path).Trim().Length > 0), file + " is written");
        return int.Parse(File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers) await worker.DisposeAsync();
        // Handlers of a SIGKILLed worker live on in their own process groups: end those this test left.
        foreach (var pidFile in System.IO.Directory.EnumerateFiles(Dir, "*.pid"))
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) HandlerProcesses.KillGroup(pid);
        }

        Directory.Dispose();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Baton.Client;
using Baton.Contracts.Executions;

namespace Baton.Bench;

/// <summary>Scenarios through a real <c>baton serve</c> process, driven over HTTP with <c>Baton.Client</c>.</summary>
public sealed class HttpScenarios(BenchSettings settings, PgCluster cluster, string workDirectory)
{
    /// <summary>Starts a server on a fresh SQLite directory or a fresh PostgreSQL database.</summary>
    public async Task<(ServerProcess Server, string? Database)> StartServerAsync(
        bool postgres, string name, ServerOptions? options = null)
    {
        if (!postgres)
        {
            var directory = Path.Combine(workDirectory, "serve-" + name + "-" + Guid.NewGuid().ToString("N")[..6]);
            return (await ServerProcess.StartAsync(null, directory, options), null);
        }

        var database = "baton_http_" + name;
        var connection = await cluster.CreateDatabaseAsync(database);
        return (await ServerProcess.StartAsync(connection, workDirectory, options), database);
    }

    public static HttpClient NewHttpClient(int connections = 64) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };

    /// <summary>
    /// Enqueue over HTTP in batches of 1,000, then <see cref="BenchSettings.HttpProcesses"/> worker processes of
    /// <see cref="BenchSettings.HttpLoopsPerProcess"/> claim loops each burn the queue down. With
    /// <paramref name="oneByOne"/> the workers report each outcome on its own request, as agents do, which the
    /// server's batch completer groups.
    /// </summary>
    public async Task<BurnResult> BurnDownAsync(
        bool postgres, int repetition, bool syncOff, ServerOptions? options = null, bool oneByOne = false)
    {
        var (server, database) = await StartServerAsync(
            postgres, $"burn_{repetition}{(syncOff ? "_off" : "")}{(oneByOne ? "_single" : "")}", options);
        await using (server)
        {
            using var http = NewHttpClient();
            var client = new BatonClient(http, server.Url, server.ApiKey);
            var sw = Stopwatch.StartNew();
            await EnqueueAsync(client, settings.BurnJobs, "noop");

            var enqueueSeconds = sw.Elapsed.TotalSeconds;
            if (database is not null) await cluster.PrepareAsync(database);

            var workers = new List<Process>();
            for (var p = 0; p < settings.HttpProcesses; p++)
            {
                var psi = new ProcessStartInfo(Tools.Dotnet())
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                };
                foreach (var a in new[]
                         {
                             Tools.BenchDll(), "http-worker", server.Url.ToString(), server.ApiKey,
                             settings.HttpLoopsPerProcess.ToString(CultureInfo.InvariantCulture),
                             settings.HttpBatch.ToString(CultureInfo.InvariantCulture),
                             (oneByOne ? settings.HttpOutcomeConcurrency : 0).ToString(CultureInfo.InvariantCulture),
                         })
                {
                    psi.ArgumentList.Add(a);
                }

                var worker = Process.Start(psi)!;
                if (await worker.StandardOutput.ReadLineAsync() != "READY") throw new InvalidOperationException("worker did not start");
                workers.Add(worker);
            }

            using var scraping = new CancellationTokenSource();
            var scraper = options?.ScrapeMetrics == true ? ScrapeEverySecondAsync(http, server.Url, scraping.Token) : Task.CompletedTask;
            var cpuBefore = Tools.CpuSeconds(server.Pid);
            sw.Restart();
            foreach (var w in workers) await w.StandardInput.WriteLineAsync("GO");
            foreach (var w in workers) await w.StandardInput.FlushAsync();
            var total = 0;
            foreach (var w in workers)
            {
                var line = await w.StandardOutput.ReadLineAsync() ?? "";
                if (!line.StartsWith("DONE ", StringComparison.Ordinal)) throw new InvalidOperationException("worker failed: " + line);
                total += int.Parse(line[5..], CultureInfo.InvariantCulture);
            }

            var seconds = sw.Elapsed.TotalSeconds;
            var serverCpu = Tools.CpuSeconds(server.Pid) - cpuBefore;
            await scraping.CancelAsync();
            await scraper;
            foreach (var w in workers)
            {
                await w.WaitForExitAsync();
                w.Dispose();
            }

            if (total != settings.BurnJobs) throw new InvalidOperationException($"burned {total} of {settings.BurnJobs}");
            await server.DisposeAsync();
            if (database is not null) await cluster.DropDatabaseAsync(database);
            var outcomes = oneByOne
                ? $"one outcome per request, {settings.HttpOutcomeConcurrency} in flight per loop"
                : "one outcomes batch";
            return new BurnResult(oneByOne ? "http single" : "http", postgres ? Names.BatonPostgres : Names.BatonSqlite,
                $"{settings.HttpProcesses} worker process × {settings.HttpLoopsPerProcess} claim loops, claim limit {settings.HttpBatch} + {outcomes}; server: 1 process",
                settings.BurnJobs, seconds, settings.BurnJobs / enqueueSeconds, syncOff)
            {
                ServerCpuSeconds = serverCpu,
            };
        }
    }

    /// <summary>What Prometheus does to a server it watches: reads <c>/metrics</c> once a second.</summary>
    private static async Task ScrapeEverySecondAsync(HttpClient http, Uri server, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                (await http.GetAsync(new Uri(server, "/metrics"), ct)).Dispose();
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The burn-down ended.
        }
    }

    /// <summary>
    /// The pause before each latency sample, once the waiter has been sent: the 5 ms the peers' drivers leave before
    /// each of theirs (bench/peers). The gap is part of what a sample pays (an idle machine wakes up more slowly: 10 ms
    /// cost Baton 0.5–1.5 ms more than none, bench/analysis.md Session 8), so every system gets the same one.
    /// </summary>
    private const int SampleGapMs = 5;

    /// <summary>
    /// A claimer parks (<c>wait_seconds</c> 30) on task <c>lat</c>; <see cref="SampleGapMs"/> later one execution is
    /// enqueued. The sample is from just before the enqueue request to the claim's answer. Samples are sequential.
    /// </summary>
    public async Task<LatencyResult> EnqueueToClaimAsync(bool postgres, int repetition)
    {
        var (server, database) = await StartServerAsync(postgres, $"lat_{repetition}");
        await using (server)
        {
            using var http = NewHttpClient();
            var client = new BatonClient(http, server.Url, server.ApiKey);
            await FinishHistoryAsync(client, database);
            var samples = new List<double>();
            for (var i = 0; i < settings.LatencyWarmup + settings.LatencySamples; i++)
            {
                var claim = client.TryClaimAsync(new ClaimExecutionsRequest { WorkerId = "lat", Task = "lat", WaitSeconds = 30 });
                await Task.Delay(SampleGapMs);
                var start = Stopwatch.GetTimestamp();
                var enqueue = client.EnqueueAsync(new EnqueueExecutionRequest { Task = "lat" });
                var claimed = await claim ?? throw new InvalidOperationException("the parked claim timed out");
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                await enqueue;
                await client.RecordOutcomeAsync(claimed.ExecutionId, new RecordOutcomeRequest { Success = true }, "lat", claimed.ClaimToken);
                if (i >= settings.LatencyWarmup) samples.Add(ms);
            }

            await server.DisposeAsync();
            if (database is not null) await cluster.DropDatabaseAsync(database);
            return new LatencyResult("enqueue→claim", postgres ? Names.BatonPostgres : Names.BatonSqlite,
                "1 parked claimer (wait_seconds 30), sequential", Stats.Summarise(samples));
        }
    }

    /// <summary>
    /// What a latency run starts from: <see cref="BenchSettings.LatencyHistory"/> executions of another task, enqueued,
    /// claimed and finished through the API, as a server that has worked keeps them for its 7-day retention; then, on
    /// PostgreSQL, <c>ANALYZE</c> and <c>CHECKPOINT</c>, as before every burn-down. Without them the run measured a
    /// database in its first minute: with no statistics, the plans PostgreSQL caches while a table holds a few rows
    /// read all of it (the outcome's lookups by id and <c>seq</c> as sequential scans), and go on doing so as the
    /// run adds rows, until autovacuum's first <c>ANALYZE</c>, which on a server comes within a minute and in a
    /// 25-second run never did (bench/analysis.md, Session 9).
    /// </summary>
    private async Task FinishHistoryAsync(BatonClient client, string? database)
    {
        await EnqueueAsync(client, settings.LatencyHistory, "history");
        await HttpWorker.DrainAsync(client, "history", settings.HttpBatch, "history");
        if (database is not null) await cluster.PrepareAsync(database);
    }

    /// <summary>Enqueues <paramref name="count"/> executions of <paramref name="task"/> with the batch endpoint.</summary>
    private async Task EnqueueAsync(BatonClient client, int count, string task)
    {
        for (var i = 0; i < count; i += settings.EnqueueBatch)
        {
            await client.EnqueueBatchAsync([.. Enumerable.Range(0, Math.Min(settings.EnqueueBatch, count - i))
                .Select(_ => new EnqueueExecutionRequest { Task = task })]);
        }
    }

    /// <summary>
    /// Whether <c>GET /v1/executions/{id}?wait=</c> parks until the execution finishes: asked of a pending
    /// execution with a 2 s wait, a server without it answers at once.
    /// </summary>
    public static async Task<bool> AwaitEndpointExistsAsync(ServerProcess server)
    {
        using var http = NewHttpClient();
        var client = new BatonClient(http, server.Url, server.ApiKey);
        var execution = await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "probe" });
        var sw = Stopwatch.StartNew();
        using var response = await SendAwaitAsync(http, server, execution.Execution.Id, 2);
        return sw.Elapsed > TimeSpan.FromSeconds(1.5);
    }

    /// <summary>
    /// An awaiting caller parks on <c>GET /v1/executions/{id}?wait=30</c> for a claimed execution;
    /// <see cref="SampleGapMs"/> later the worker reports its outcome. The sample is from just before the outcome
    /// request to the await's answer.
    /// </summary>
    public async Task<LatencyResult> CompletionToAwaitAsync(bool postgres, int repetition)
    {
        var (server, database) = await StartServerAsync(postgres, $"await_{repetition}");
        await using (server)
        {
            using var http = NewHttpClient();
            var client = new BatonClient(http, server.Url, server.ApiKey);
            await FinishHistoryAsync(client, database);
            var samples = new List<double>();
            for (var i = 0; i < settings.LatencyWarmup + settings.LatencySamples; i++)
            {
                await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "await" });
                var claimed = await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "aw", Task = "await" });
                var wait = SendAwaitAsync(http, server, claimed.ExecutionId, 30);
                await Task.Delay(SampleGapMs);
                var start = Stopwatch.GetTimestamp();
                var outcome = client.RecordOutcomeAsync(claimed.ExecutionId, new RecordOutcomeRequest { Success = true }, "aw", claimed.ClaimToken);
                using var answer = await wait;
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                await outcome;
                var status = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();
                if (status != "success") throw new InvalidOperationException("the await answered before the outcome: " + status);
                if (i >= settings.LatencyWarmup) samples.Add(ms);
            }

            await server.DisposeAsync();
            if (database is not null) await cluster.DropDatabaseAsync(database);
            return new LatencyResult("completion→await", postgres ? Names.BatonPostgres : Names.BatonSqlite,
                "1 caller parked on GET ?wait=30, sequential", Stats.Summarise(samples));
        }
    }

    /// <summary>
    /// PostgreSQL transactions committed per second in Baton's database: the server alone, then with
    /// <see cref="BenchSettings.IdleWorkers"/> workers each parked in a <c>wait_seconds</c> 60 claim loop.
    /// </summary>
    public async Task<IdleResult> IdleAsync()
    {
        var (server, database) = await StartServerAsync(true, "idle");
        await using (server)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            var baseline = await CommitsPerSecondAsync(database!);
            using var http = NewHttpClient(settings.IdleWorkers * 2);
            var client = new BatonClient(http, server.Url, server.ApiKey);
            using var stop = new CancellationTokenSource();
            var loops = Enumerable.Range(0, settings.IdleWorkers).Select(k => Task.Run(async () =>
            {
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        await client.TryClaimAsync(new ClaimExecutionsRequest { WorkerId = "idle" + k, Task = "never", WaitSeconds = 60 }, stop.Token);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            })).ToList();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var withWorkers = await CommitsPerSecondAsync(database!);
            await stop.CancelAsync();
            await Task.WhenAll(loops);
            await server.DisposeAsync();
            await cluster.DropDatabaseAsync(database!);
            return new IdleResult(Names.BatonPostgres, settings.IdleWorkers, settings.IdleSeconds, baseline, withWorkers);
        }
    }

    public async Task<double> CommitsPerSecondAsync(string database)
    {
        var before = await cluster.XactCommitAsync(database);
        var sw = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(settings.IdleSeconds));
        // PostgreSQL 15 backends flush their counters at most once a second: wait for the last flush to land.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var after = await cluster.XactCommitAsync(database);
        return (after - before) / sw.Elapsed.TotalSeconds;
    }

    /// <summary>Server RSS before, and with <see cref="BenchSettings.MemoryWaiters"/> claims parked (wait_seconds 60) at once.</summary>
    public async Task<MemoryResult> MemoryAsync(bool postgres)
    {
        var (server, database) = await StartServerAsync(postgres, "memory");
        await using (server)
        {
            using var http = NewHttpClient(settings.MemoryWaiters + 16);
            var client = new BatonClient(http, server.Url, server.ApiKey);
            // Warm the paths the waiters use, then measure the idle server.
            await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "warm" });
            await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "warm", Task = "warm" });
            await Task.Delay(TimeSpan.FromSeconds(2));
            var (baseline, _) = server.Memory();

            using var stop = new CancellationTokenSource();
            var waiters = Enumerable.Range(0, settings.MemoryWaiters).Select(k => client.TryClaimAsync(
                new ClaimExecutionsRequest { WorkerId = "m" + k, Task = "never", WaitSeconds = 60 }, stop.Token)).ToList();
            await Task.Delay(TimeSpan.FromSeconds(settings.MemorySettleSeconds));
            var (with, peak) = server.Memory();
            var stillParked = waiters.Count(w => !w.IsCompleted);
            await stop.CancelAsync();
            try
            {
                await Task.WhenAll(waiters);
            }
            catch (OperationCanceledException)
            {
            }

            if (stillParked < settings.MemoryWaiters) throw new InvalidOperationException($"only {stillParked} waiters were parked");
            await server.DisposeAsync();
            if (database is not null) await cluster.DropDatabaseAsync(database);
            return new MemoryResult(postgres ? Names.BatonPostgres : Names.BatonSqlite, settings.MemoryWaiters, baseline, with, peak);
        }
    }

    private static Task<HttpResponseMessage> SendAwaitAsync(HttpClient http, ServerProcess server, Guid id, int waitSeconds)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, $"v1/executions/{id}?wait={waitSeconds}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.ApiKey);
        return http.SendAsync(request);
    }
}

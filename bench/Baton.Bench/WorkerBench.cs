using System.Diagnostics;
using System.Globalization;
using Baton.Client;
using Baton.Contracts.Executions;

namespace Baton.Bench;

/// <summary>
/// A real <c>baton worker</c> process burning down a queue of quick handlers (<c>true</c>) against a real
/// <c>baton serve</c> on SQLite, with <c>prefetch</c> 0 and N in alternating rounds: what claiming ahead saves a worker
/// whose handlers take less than a claim's round trip. Each round enqueues the jobs first, then starts the worker and
/// times from its start line to the last outcome (read from the execution counts every 50 ms).
/// </summary>
public static class WorkerBench
{
    // Baton.Bench worker [--jobs N] [--reps N] [--prefetch N] [--max-concurrent N]
    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = 1_000;
        var reps = 3;
        var prefetch = 8;
        var maxConcurrent = 4;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--jobs": jobs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--reps": reps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--prefetch": prefetch = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--max-concurrent": maxConcurrent = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        var work = Path.Combine(Path.GetTempPath(), "baton-worker-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var rates = new Dictionary<int, List<double>> { [0] = [], [prefetch] = [] };
        try
        {
            for (var rep = 1; rep <= reps; rep++)
            {
                // Alternating which goes first, so a machine that speeds up or slows down favours neither.
                int[] order = rep % 2 == 1 ? [0, prefetch] : [prefetch, 0];
                foreach (var ahead in order)
                {
                    var rate = await BurnDownAsync(work, jobs, maxConcurrent, ahead);
                    rates[ahead].Add(rate);
                    Console.WriteLine($"round {rep}: prefetch {ahead}: {rate:N0} jobs/s  (load {File.ReadAllText("/proc/loadavg").Trim()})");
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        foreach (var (ahead, list) in rates)
        {
            Console.WriteLine($"prefetch {ahead}: median {Stats.Median(list):N0} jobs/s over {list.Count} rounds " +
                              $"({string.Join(", ", list.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))}); " +
                              $"{jobs} jobs, max_concurrent {maxConcurrent}");
        }

        return 0;
    }

    private static async Task<double> BurnDownAsync(string work, int jobs, int maxConcurrent, int prefetch)
    {
        var directory = Path.Combine(work, $"serve-p{prefetch}-{Guid.NewGuid():N}"[..24]);
        await using var server = await ServerProcess.StartAsync(null, directory);
        using var http = HttpScenarios.NewHttpClient();
        var client = new BatonClient(http, server.Url, server.ApiKey);
        for (var sent = 0; sent < jobs; sent += 1_000)
        {
            await client.EnqueueBatchAsync(
                [.. Enumerable.Range(0, Math.Min(1_000, jobs - sent)).Select(_ => new EnqueueExecutionRequest { Task = "noop" })]);
        }

        var config = Path.Combine(directory, "worker.yaml");
        await File.WriteAllTextAsync(config, $"""
            api_base: {server.Url.AbsoluteUri.TrimEnd('/')}
            worker_id: bench-worker
            max_concurrent: {maxConcurrent}
            prefetch: {prefetch}
            handlers:
              noop: "true"
            """);
        var psi = new ProcessStartInfo(Tools.Dotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Tools.BatonCliDll(), "worker", "--config", config }) psi.ArgumentList.Add(a);
        psi.Environment["BATON_API_KEY"] = server.ApiKey;
        using var worker = Process.Start(psi)!;
        worker.ErrorDataReceived += (_, _) => { };
        worker.BeginErrorReadLine();
        try
        {
            while (await worker.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.Contains("Baton worker bench-worker started", StringComparison.Ordinal)) break;
            }

            var clock = Stopwatch.StartNew();
            _ = Task.Run(async () =>
            {
                while (await worker.StandardOutput.ReadLineAsync() is not null)
                {
                }
            });
            while (true)
            {
                var counts = (await client.ListExecutionsAsync(new ExecutionListQuery { Limit = 1 })).Counts;
                if (counts.Success + counts.Failed >= jobs)
                {
                    if (counts.Failed > 0) throw new InvalidOperationException($"{counts.Failed} handler runs failed");
                    return jobs / clock.Elapsed.TotalSeconds;
                }

                await Task.Delay(50);
            }
        }
        finally
        {
            await Tools.StopAsync(worker, TimeSpan.FromSeconds(30));
        }
    }
}

using System.Diagnostics;

namespace Baton.Bench;

/// <summary>One harness run: the cluster, every scenario in order, the report.</summary>
public static class Runner
{
    public static async Task<int> RunAsync(BenchSettings settings, string output)
    {
        var work = Path.Combine(Path.GetTempPath(), "baton-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var results = new Results();
        Only = settings.Only;
        var total = Stopwatch.StartNew();
        Log($"profile {settings.Profile}, {settings.Repetitions} repetition(s), report → {output}");
        await using var cluster = await PgCluster.StartAsync();
        var machine = await MachineInfo.ReadAsync(cluster);
        Log($"PostgreSQL on port {cluster.Port}: {machine.PostgresVersion}");
        var store = new StoreScenarios(settings, cluster, work);
        var http = new HttpScenarios(settings, cluster, work);
        var peers = new PeerScenarios(settings, cluster);
        if (settings.Peers && !File.Exists(Tools.NodeBinary))
        {
            throw new InvalidOperationException("peers are not installed: run bench/peers/install.sh (bench/run.sh does)");
        }

        // Burn-downs: repetitions outermost, so drift on a shared machine spreads over every system alike.
        foreach (var syncOff in settings.SyncOff ? new[] { false, true } : [false])
        {
            await cluster.SetSynchronousCommitAsync(!syncOff);
            for (var rep = 1; rep <= settings.Repetitions; rep++)
            {
                var label = $"rep {rep}{(syncOff ? ", synchronous_commit off" : "")}";
                await Step(results, $"store burn-down SQLite ({label})", () => store.BurnDownAsync(false, rep, syncOff), results.Burns);
                await Step(results, $"store burn-down PostgreSQL ({label})", () => store.BurnDownAsync(true, rep, syncOff), results.Burns);
                await Step(results, $"HTTP burn-down SQLite ({label})", () => http.BurnDownAsync(false, rep, syncOff), results.Burns);
                await Step(results, $"HTTP burn-down PostgreSQL ({label})", () => http.BurnDownAsync(true, rep, syncOff), results.Burns);
                await Step(results, $"HTTP burn-down single outcomes SQLite ({label})",
                    () => http.BurnDownAsync(false, rep, syncOff, oneByOne: true), results.Burns);
                await Step(results, $"HTTP burn-down single outcomes PostgreSQL ({label})",
                    () => http.BurnDownAsync(true, rep, syncOff, oneByOne: true), results.Burns);
                if (!settings.Peers) continue;
                await Step(results, $"graphile-worker batched ({label})", () => peers.GraphileBurnAsync(true, rep, syncOff), results.Burns);
                await Step(results, $"graphile-worker default ({label})", () => peers.GraphileBurnAsync(false, rep, syncOff), results.Burns);
                await Step(results, $"pg-boss best ({label})", () => peers.PgBossBurnAsync(true, rep, syncOff), results.Burns);
                // BullMQ on Redis: the sync-off pass runs it with appendfsync everysec, its labelled counterpart.
                var redis = syncOff ? "; Redis appendfsync everysec" : "";
                await Step(results, $"BullMQ best ({label}{redis})",
                    () => peers.BullMqBurnAsync(true, rep, syncOff), results.Burns);
                await Step(results, $"BullMQ default ({label}{redis})",
                    () => peers.BullMqBurnAsync(false, rep, syncOff), results.Burns);
                if (syncOff) continue; // the slow profiles teach nothing new with commits made cheap
                await Step(results, $"pg-boss batch 1 ({label})", () => peers.PgBossBurnAsync(false, rep, syncOff), results.Burns);
                await Step(results, $"Hangfire ({label})", () => peers.HangfireBurnAsync(rep, syncOff), results.Burns);
            }
        }

        await cluster.SetSynchronousCommitAsync(true);
        Report.Write(output, settings, machine, results, null, total.Elapsed);
        for (var rep = 1; rep <= settings.LatencyRepetitions; rep++)
        {
            await Step(results, $"enqueue→claim latency SQLite (rep {rep})", () => http.EnqueueToClaimAsync(false, rep), results.Latencies);
            await Step(results, $"enqueue→claim latency PostgreSQL (rep {rep})", () => http.EnqueueToClaimAsync(true, rep), results.Latencies);
            if (!settings.Peers) continue;
            await Step(results, $"graphile-worker latency (rep {rep})", () => peers.GraphileLatencyAsync(rep), results.Latencies);
            await Step(results, $"pg-boss notify latency (rep {rep})", () => peers.PgBossLatencyAsync(rep), results.Latencies);
            await Step(results, $"Hangfire latency (rep {rep})", () => peers.HangfireLatencyAsync(rep), results.Latencies);
            await Step(results, $"BullMQ latency (rep {rep})", () => peers.BullMqLatencyAsync(rep),
                results.Latencies);
        }

        var (probe, probeDb) = await http.StartServerAsync(false, "probe");
        await using (probe)
        {
            results.AwaitEndpointAvailable = await HttpScenarios.AwaitEndpointExistsAsync(probe);
        }

        Log($"GET /v1/executions/{{id}}?wait= {(results.AwaitEndpointAvailable ? "parks: measuring" : "does not park yet: pending")}");
        if (results.AwaitEndpointAvailable)
        {
            for (var rep = 1; rep <= settings.LatencyRepetitions; rep++)
            {
                await Step(results, $"completion→await SQLite (rep {rep})", () => http.CompletionToAwaitAsync(false, rep), results.Latencies);
                await Step(results, $"completion→await PostgreSQL (rep {rep})", () => http.CompletionToAwaitAsync(true, rep), results.Latencies);
            }
        }

        Report.Write(output, settings, machine, results, null, total.Elapsed);
        await Step(results, "idle cost PostgreSQL", http.IdleAsync, results.Idle);
        foreach (var pending in new[] { settings.ScaleSmall, settings.ScaleLarge })
        {
            await Step(results, $"scale PostgreSQL, {pending:N0} pending", () => store.ScaleAsync(true, pending), results.Scale);
            await Step(results, $"scale SQLite, {pending:N0} pending", () => store.ScaleAsync(false, pending), results.Scale);
        }

        Report.Write(output, settings, machine, results, null, total.Elapsed);
        await Step(results, "memory SQLite", () => http.MemoryAsync(false), results.Memory);
        await Step(results, "memory PostgreSQL", () => http.MemoryAsync(true), results.Memory);
        await Step(results, "messaging on two PostgreSQL nodes",
            () => MessagingBench.MeasureAsync(cluster, settings.MessagingMessages, settings.MessagingSamples), results.Messaging);

        string? explain = null;
        if (settings.Profile != "smoke")
        {
            try
            {
                explain = await store.ExplainClaimAsync(Math.Min(settings.BurnJobs, 100_000));
            }
            catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException)
            {
                results.Notes.Add("EXPLAIN ANALYZE failed: " + e.Message);
            }
        }

        Log($"all scenarios done in {total.Elapsed.TotalMinutes:F1} min; writing the report");
        Report.Write(output, settings, machine, results, explain, total.Elapsed);
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
        }

        return results.Notes.Any(n => n.StartsWith("FAILED", StringComparison.Ordinal)) ? 1 : 0;
    }

    private static async Task Step<T>(Results results, string name, Func<Task<T>> run, List<T> into)
    {
        if (Only is { } only && !only.Split('|').Any(o => name.Contains(o, StringComparison.OrdinalIgnoreCase))) return;
        var sw = Stopwatch.StartNew();
        Log(name + " …");
        try
        {
            var result = await run();
            into.Add(result);
            Log($"  {Describe(result!)} ({sw.Elapsed.TotalSeconds:F1} s; load {MachineInfo.LoadNow()})");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            results.Notes.Add($"FAILED {name}: {e.GetType().Name}: {e.Message}");
            Log($"  FAILED: {e}");
        }
    }

    private static string Describe(object result) => result switch
    {
        BurnResult b => $"{b.JobsPerSecond:N0} jobs/s (enqueue {b.EnqueuePerSecond:N0}/s{(b.ClaimShare is { } c ? $", {c:P0} of claimer time in claims" : "")})",
        LatencyResult l => $"p50 {l.Summary.P50:F2} ms, p95 {l.Summary.P95:F2}, p99 {l.Summary.P99:F2}, max {l.Summary.Max:F2}",
        IdleResult i => $"{i.BaselinePerSecond:F2} commits/s alone, {i.WithWorkersPerSecond:F2} with {i.Workers} parked workers",
        ScaleResult s => $"claim p50 {s.Claim.P50:F2} ms, p99 {s.Claim.P99:F2} ms",
        MemoryResult m => $"RSS {m.BaselineMb:F0} MiB idle, {m.WithWaitersMb:F0} MiB with {m.Waiters} waiters",
        MessagingResult x => $"{x.SentPerSecond:N0} sent/s, {x.DeliveredPerSecond:N0} delivered/s, cross-node wake-up p50 {Stats.Percentile(x.CrossNode, 50):F1} ms",
        _ => result.ToString() ?? "",
    };

    private static string? Only { get; set; }

    public static void Log(string message) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}

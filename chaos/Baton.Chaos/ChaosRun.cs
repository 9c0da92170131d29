using System.Diagnostics;
using Baton.Contracts.Cues;

namespace Baton.Chaos;

/// <summary>What one store's run did and found.</summary>
public sealed record RunReport(
    string Store, int Seed, TimeSpan Duration, IReadOnlyDictionary<string, int> FaultsInjected, int Enqueued, int Claimed,
    int Completed, int Executions, int Events, int Outages, int FailLogLines, IReadOnlyList<Violation> Violations, string Directory);

/// <summary>
/// One run on one store: start the nodes (two on PostgreSQL, one on SQLite), a cue firing every second, two worker
/// daemons, two enqueuers (a third of their work for raw claimers) and three raw claimers; inject the store's faults at random times drawn from the seed for
/// the run's duration; stop the load, let everything drain, read the final state, and check it.
/// </summary>
public static class ChaosRun
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(120);

    public static async Task<RunReport> RunAsync(ChaosStore store, TimeSpan duration, int seed, string directory, TextWriter log)
    {
        Directory.CreateDirectory(directory);
        using var history = new HistoryLog(Path.Combine(directory, "history.jsonl"));
        await using var setup = await StoreSetup.CreateAsync(store, directory, log);
        await using var nodes = new ServerNodes(setup.NodeArguments, directory, log);
        for (var node = 0; node < nodes.Count; node++) await nodes.StartAsync(node);
        using var clients = new NodeClients(nodes, history);
        await using var workers = new WorkerDaemons(nodes, directory, 2, log);
        var background = new List<Task>();
        var faults = setup.Faults(nodes, workers, background);

        var cue = await clients.Patient(0).CreateCueAsync(new CueRequest
        {
            Name = "chaos-every-second",
            Transport = "worker",
            Task = WorkerDaemons.CueTask,
            Schedule = new CueScheduleBody { Type = "recurring", Cron = "* * * * * *" },
            CatchUp = "replay_all",
        });
        for (var w = 0; w < workers.Count; w++) await workers.StartAsync(w);

        var load = new Load(clients, history, seed);
        using var stopEnqueuing = new CancellationTokenSource();
        using var stopClaiming = new CancellationTokenSource();
        var enqueuers = new[] { "enqueuer-0", "enqueuer-1" }.Select(a => Task.Run(() => load.EnqueueAsync(a, stopEnqueuing.Token))).ToArray();
        var claimers = new[] { "claimer-0", "claimer-1", "claimer-2" }.Select(a => Task.Run(() => load.ClaimRawAsync(a, stopClaiming.Token))).ToArray();

        var injected = await InjectAsync(faults, duration, seed, history, log);
        await Task.WhenAll(background);
        await stopEnqueuing.CancelAsync();
        await Task.WhenAll(enqueuers);
        await clients.CallAsync(c => c.PauseCueAsync(cue.Id)!, TimeSpan.FromSeconds(30));
        log.WriteLine($"  load stopped after {load.Enqueued} enqueues; draining");
        if (!await DrainAsync(clients, log)) log.WriteLine(await setup.DescribeAsync());
        await stopClaiming.CancelAsync();
        await Task.WhenAll(claimers);
        await workers.DisposeAsync();

        var final = await FinalStateReader.ReadAsync(clients.Patient(0));
        final.Write(Path.Combine(directory, "final.json"));
        await nodes.DisposeAsync(); // writes the nodes' logs
        var entries = history.Entries;
        var violations = Checker.Check(entries, final);

        return new RunReport(
            store.ToString(), seed, duration, injected, load.Enqueued,
            entries.Count(e => e.Op == HistoryOps.Claimed), entries.Count(e => e.Op == HistoryOps.Completed),
            final.Executions.Count, final.Events.Count, clients.Outages, await CountFailLinesAsync(directory), violations, directory);
    }

    /// <summary>
    /// Lines the nodes logged at error level (<c>fail:</c>). An outage is a 503 and a warning, not an error, so this
    /// should stay 0; it is reported, not a checker rule, since a log line breaks no guarantee.
    /// </summary>
    private static async Task<int> CountFailLinesAsync(string directory)
    {
        var count = 0;
        foreach (var file in Directory.GetFiles(directory, "node-*.log"))
        {
            count += (await File.ReadAllLinesAsync(file)).Count(l => l.Contains(" fail: ", StringComparison.Ordinal));
        }

        return count;
    }

    /// <summary>Faults one after another, at gaps of 4–10 s drawn from the seed, until the duration is up.</summary>
    private static async Task<Dictionary<string, int>> InjectAsync(
        IReadOnlyList<Fault> faults, TimeSpan duration, int seed, HistoryLog history, TextWriter log)
    {
        var random = new Random(seed);
        var injected = faults.ToDictionary(f => f.Name, _ => 0);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(4 + random.NextDouble() * 6));
            if (clock.Elapsed > duration) return injected;
            var fault = faults[random.Next(faults.Count)];
            var detail = await fault.InjectAsync(random, CancellationToken.None);
            history.Fault($"{fault.Name}: {detail}");
            log.WriteLine($"  {clock.Elapsed.TotalSeconds,5:F0} s  {fault.Name}: {detail}");
            injected[fault.Name]++;
        }
    }

    /// <summary>Waits until nothing is pending, retrying or delivering, so every execution has had its chance to finish.</summary>
    private static async Task<bool> DrainAsync(NodeClients clients, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        long open = -1;
        while (clock.Elapsed < DrainLimit)
        {
            var page = await clients.CallAsync(c => c.ListExecutionsAsync(new() { Statuses = ["pending", "retrying", "delivering"], Limit = 1 })!,
                TimeSpan.FromSeconds(30));
            open = page?.Total ?? -1;
            if (open == 0) return true;
            await Task.Delay(1000);
        }

        log.WriteLine($"  drain gave up after {DrainLimit.TotalSeconds} s with {open} executions open:");
        var stuck = await clients.CallAsync(c => c.ListExecutionsAsync(new() { Statuses = ["pending", "retrying", "delivering"], Limit = 10 })!,
            TimeSpan.FromSeconds(30));
        foreach (var e in stuck?.Executions ?? [])
        {
            log.WriteLine($"    {e.Id} {e.Status} task {e.Task} attempt {e.Attempts}/{e.MaxAttempts} worker {e.ClaimedByWorker} " +
                          $"lease until {e.LeaseExpiresAt:O} last heartbeat {e.LastHeartbeatAt:O} next retry {e.NextRetry:O} (now {DateTimeOffset.UtcNow:O})");
        }

        return false;
    }
}

using System.Globalization;
using System.Text.Json;

namespace Baton.Bench;

/// <summary>The peers, each in its own fresh database on the same cluster, driven by bench/peers' scripts.</summary>
public sealed class PeerScenarios(BenchSettings settings, PgCluster cluster)
{
    private static string NodeDirectory => Path.Combine(Tools.PeersDirectory, "node");

    public async Task<BurnResult> GraphileBurnAsync(bool batched, int repetition, bool syncOff)
    {
        var jobs = batched ? settings.PeerBurnJobs : settings.GraphileDefaultJobs;
        var profile = batched ? "batched" : "default";
        var json = await NodeAsync($"graphile_{profile}_{repetition}", ["graphile.mjs", "burn", profile, Invariant(jobs)]);
        return Burn(json, batched ? Names.GraphileBatched : Names.GraphileDefault,
            batched
                ? "1 process, concurrentJobs 24, maxPoolSize 25, localQueue.size 500, complete/failJobBatchDelay 0"
                : "1 process, concurrentJobs 24", syncOff);
    }

    public async Task<BurnResult> PgBossBurnAsync(bool best, int repetition, bool syncOff)
    {
        var jobs = best ? settings.PeerBurnJobs : settings.PgBossBatch1Jobs;
        var profile = best ? "best" : "batch1";
        var json = await NodeAsync($"pgboss_{profile}_{repetition}", ["pgboss.mjs", "burn", profile, Invariant(jobs)]);
        return Burn(json, best ? Names.PgBossBest : Names.PgBossBatch1,
            best ? "1 process, batchSize 50, localConcurrency 24, burstWhenBatchFull" : "1 process, batchSize 1, localConcurrency 24",
            syncOff);
    }

    public async Task<BurnResult> HangfireBurnAsync(int repetition, bool syncOff)
    {
        var database = $"hangfire_{repetition}";
        var connection = await cluster.CreateDatabaseAsync(database);
        var json = await Tools.RunForResultAsync(Tools.Dotnet(),
            [Tools.HangfireDll, "burn", connection, Invariant(settings.HangfireJobs), "24"], Tools.PeersDirectory);
        await cluster.DropDatabaseAsync(database);
        return Burn(json, Names.Hangfire,
            "1 process, 24 workers, QueuePollInterval 50 ms, sliding invisibility, long polling; enqueue one job per call (8 callers)",
            syncOff);
    }

    public async Task<LatencyResult> GraphileLatencyAsync(int repetition)
    {
        var json = await NodeAsync($"graphile_lat_{repetition}",
            ["graphile.mjs", "latency", Invariant(settings.LatencyWarmup), Invariant(settings.LatencySamples)]);
        return Latency(json, Names.GraphileDefault, "1 process, concurrentJobs 24, LISTEN/NOTIFY; addJob → task start, sequential");
    }

    public async Task<LatencyResult> PgBossLatencyAsync(int repetition)
    {
        var json = await NodeAsync($"pgboss_lat_{repetition}",
            ["pgboss.mjs", "latency", Invariant(settings.LatencyWarmup), Invariant(settings.LatencySamples)]);
        return Latency(json, Names.PgBossNotify, "useListenNotify, queue notify: true, batchSize 1; send → handler, sequential");
    }

    public async Task<LatencyResult> HangfireLatencyAsync(int repetition)
    {
        var database = $"hangfire_lat_{repetition}";
        var connection = await cluster.CreateDatabaseAsync(database);
        var json = await Tools.RunForResultAsync(Tools.Dotnet(),
            [Tools.HangfireDll, "latency", connection, Invariant(settings.LatencyWarmup), Invariant(settings.LatencySamples)],
            Tools.PeersDirectory);
        await cluster.DropDatabaseAsync(database);
        return Latency(json, Names.Hangfire, "24 workers, long polling; Enqueue → job start, sequential");
    }

    private async Task<JsonElement> NodeAsync(string database, string[] args)
    {
        await cluster.CreateDatabaseAsync(database);
        try
        {
            return await Tools.RunForResultAsync(Tools.NodeBinary, args, NodeDirectory,
                new Dictionary<string, string> { ["PG_URL"] = cluster.Url(database) });
        }
        finally
        {
            await cluster.DropDatabaseAsync(database);
        }
    }

    private static BurnResult Burn(JsonElement json, string system, string settingsText, bool syncOff) => new(
        "peer", system, settingsText, json.GetProperty("jobs").GetInt32(), json.GetProperty("seconds").GetDouble(),
        json.GetProperty("enqueue_per_second").GetDouble(), syncOff);

    private static LatencyResult Latency(JsonElement json, string system, string settingsText) => new(
        "enqueue→claim", system, settingsText,
        Stats.Summarise([.. json.GetProperty("latencies_ms").EnumerateArray().Select(e => e.GetDouble())]));

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

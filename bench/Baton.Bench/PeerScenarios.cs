using System.Globalization;
using System.Text.Json;

namespace Baton.Bench;

/// <summary>
/// The peers, each in its own fresh database on the same cluster (BullMQ: its own throwaway Redis), driven by
/// bench/peers' scripts.
/// </summary>
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

    /// <summary>
    /// BullMQ on its own throwaway Redis. <paramref name="syncOff"/> maps to <c>appendfsync everysec</c>, Redis's
    /// counterpart of <c>synchronous_commit = off</c> (acknowledged before the fsync); otherwise every write is
    /// fsynced before its reply.
    /// </summary>
    public async Task<BurnResult> BullMqBurnAsync(bool best, int repetition, bool syncOff)
    {
        var fsync = syncOff ? RedisServer.FsyncEverySec : RedisServer.FsyncAlways;
        var profile = best ? "best" : "default";
        var json = await BullMqAsync(fsync, ["bullmq.mjs", "burn", profile, Invariant(settings.PeerBurnJobs)]);
        var worker = best ? "concurrency 100, removeOnComplete { count: 0 }" : "concurrency 24, completed jobs kept";
        _ = repetition; // every run gets a fresh server, so the repetition needs no name of its own
        return Burn(json, best ? Names.BullMqBest : Names.BullMqDefault,
            $"1 process, 1 Worker, {worker}; addBulk of 1,000; {RedisServer.Label(fsync)}", syncOff);
    }

    /// <summary>BullMQ's wake-up path: a Worker parked in Redis's blocking wait, every write fsynced.</summary>
    public async Task<LatencyResult> BullMqLatencyAsync(int repetition)
    {
        _ = repetition; // every run gets a fresh server, so the repetition needs no name of its own
        var json = await BullMqAsync(RedisServer.FsyncAlways,
            ["bullmq.mjs", "latency", Invariant(settings.LatencyWarmup), Invariant(settings.LatencySamples)]);
        return Latency(json, Names.BullMq,
            "1 Worker, concurrency 1, blocking wait; add → processor start, sequential; " +
            RedisServer.Label(RedisServer.FsyncAlways));
    }

    /// <summary>Runs bullmq.mjs against a server of its own, which is stopped and deleted afterwards.</summary>
    private static async Task<JsonElement> BullMqAsync(string appendFsync, string[] args)
    {
        await using var redis = await RedisServer.StartAsync(appendFsync);
        return await Tools.RunForResultAsync(Tools.NodeBinary, args, NodeDirectory,
            new Dictionary<string, string> { ["REDIS_URL"] = redis.Url });
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

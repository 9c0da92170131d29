namespace Baton.Bench;

/// <summary>Sizes of one harness run. <c>--quick</c> and <c>--smoke</c> shrink everything; the full run is issue 6's.</summary>
public sealed record BenchSettings
{
    public required string Profile { get; init; }
    public int Repetitions { get; init; } = 3;

    /// <summary>Executions per Baton burn-down (store level and HTTP), issue 6's N. <c>--jobs</c> sets it.</summary>
    public int BurnJobs { get; init; } = 100_000;

    /// <summary>Jobs per burn-down for the batching peers (graphile-worker batched, pg-boss best).</summary>
    public int PeerBurnJobs { get; init; } = 100_000;
    public int EnqueueBatch { get; init; } = 1000;

    /// <summary>Store level: concurrent claimers in one process, each claiming and completing this many at a time.</summary>
    public int StoreClaimers { get; init; } = 8;
    public int StoreBatch { get; init; } = 100;

    /// <summary>HTTP: worker processes, claim loops in each, executions per claim (the API's maximum is 100).</summary>
    public int HttpProcesses { get; init; } = 1;
    public int HttpLoopsPerProcess { get; init; } = 8;
    public int HttpBatch { get; init; } = 100;

    /// <summary>HTTP, one outcome per request: requests in flight per claim loop (8 loops × 4 = 32 at a time).</summary>
    public int HttpOutcomeConcurrency { get; init; } = 4;

    /// <summary>Latency runs of 1,000 samples each, per system; the report gives the median of each statistic.</summary>
    public int LatencyRepetitions { get; init; } = 3;

    public int LatencyWarmup { get; init; } = 100;
    public int LatencySamples { get; init; } = 1000;

    /// <summary>Finished executions a Baton latency run starts with (a server keeps its finished work for 7 days).</summary>
    public int LatencyHistory { get; init; } = 10_000;

    public int IdleSeconds { get; init; } = 30;
    public int IdleWorkers { get; init; } = 10;

    public int ScaleSmall { get; init; } = 10_000;
    public int ScaleLarge { get; init; } = 1_000_000;
    public int ScaleSamples { get; init; } = 1000;

    public int MemoryWaiters { get; init; } = 1000;

    /// <summary>How long the waiters are given to park before RSS is read.</summary>
    public int MemorySettleSeconds { get; init; } = 8;

    /// <summary>Messaging on two nodes: messages sent and drained, and parked-read wake-ups timed per node pair.</summary>
    public int MessagingMessages { get; init; } = 2_000;

    public int MessagingSamples { get; init; } = 50;

    public bool Peers { get; init; } = true;
    public int GraphileDefaultJobs { get; init; } = 10_000;
    public int PgBossBatch1Jobs { get; init; } = 300;
    public int HangfireJobs { get; init; } = 1000;

    /// <summary>Runs only the steps whose name contains this (development aid; the report then has gaps).</summary>
    public string? Only { get; init; }

    /// <summary>Also run the burn-downs with <c>synchronous_commit = off</c>, labelled.</summary>
    public bool SyncOff { get; init; }

    public static BenchSettings Full { get; } = new() { Profile = "full" };

    public static BenchSettings Quick { get; } = new()
    {
        Profile = "quick",
        Repetitions = 1,
        LatencyRepetitions = 1,
        BurnJobs = 10_000,
        LatencyWarmup = 20,
        LatencySamples = 200,
        LatencyHistory = 2000,
        IdleSeconds = 10,
        ScaleLarge = 100_000,
        ScaleSamples = 300,
        GraphileDefaultJobs = 2000,
        PgBossBatch1Jobs = 100,
        HangfireJobs = 300,
        MessagingMessages = 500,
        MessagingSamples = 20,
    };

    /// <summary>CI: proves every Baton scenario still runs; no peers, tiny sizes, no timing asserts.</summary>
    public static BenchSettings Smoke { get; } = new()
    {
        Profile = "smoke",
        Repetitions = 1,
        LatencyRepetitions = 1,
        BurnJobs = 500,
        PeerBurnJobs = 500,
        StoreClaimers = 2,
        HttpLoopsPerProcess = 2,
        LatencyWarmup = 2,
        LatencySamples = 10,
        LatencyHistory = 200,
        IdleSeconds = 2,
        IdleWorkers = 2,
        ScaleSmall = 200,
        ScaleLarge = 1000,
        ScaleSamples = 10,
        MemoryWaiters = 20,
        MemorySettleSeconds = 2,
        MessagingMessages = 100,
        MessagingSamples = 5,
        Peers = false,
    };
}

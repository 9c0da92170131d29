using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

// Drives Hangfire + Hangfire.PostgreSql for bench/: our own driver, not Hangfire's benchmark code.
//   burn <connection> <n> <workers>             enqueue n no-op jobs, then time a server with <workers> draining them
//   latency <connection> <warmup> <samples>     enqueue one job at a time, time enqueue -> job start
// Prints one line "RESULT {json}" on standard output.
if (args.Length < 4) throw new ArgumentException("usage: burn|latency <connection> <n> <workers|samples>");
var mode = args[0];
var connection = args[1];
var first = int.Parse(args[2], CultureInfo.InvariantCulture);
var second = int.Parse(args[3], CultureInfo.InvariantCulture);

var storageOptions = new PostgreSqlStorageOptions
{
    // Poll often and keep sliding invisibility on (the setting its docs recommend for throughput).
    QueuePollInterval = TimeSpan.FromMilliseconds(50),
    UseSlidingInvisibilityTimeout = true,
    EnableLongPolling = true,
    PrepareSchemaIfNecessary = true,
};
GlobalConfiguration.Configuration
    .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
    .UseSimpleAssemblyNameTypeSerializer()
    .UseRecommendedSerializerSettings()
    .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connection), storageOptions);

if (mode == "burn")
{
    var sw = Stopwatch.StartNew();
    // Hangfire has no bulk enqueue in the free version: one job per call, from 8 concurrent callers.
    var next = 0;
    await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
    {
        while (Interlocked.Increment(ref next) <= first) BackgroundJob.Enqueue(() => NoOp.Run());
    })));
    var enqueueSeconds = sw.Elapsed.TotalSeconds;
    await PrepareAsync(connection);

    sw.Restart();
    using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = second }))
    {
        // The stall seen in the latency driver (a job fetched, never run) also hit a burn-down once: fail the run
        // loudly when nothing has run for 60 s instead of waiting for ever.
        var (seen, seenAt) = (0, sw.Elapsed);
        while (Volatile.Read(ref NoOp.Count) is var count && count < first)
        {
            if (count != seen) (seen, seenAt) = (count, sw.Elapsed);
            else if (sw.Elapsed - seenAt > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"no job ran for 60 s after {count} of {first}");
            }

            await Task.Delay(5);
        }

        // A job counts once Hangfire has recorded it as succeeded, not when its method returned.
        var monitor = JobStorage.Current.GetMonitoringApi();
        while (monitor.SucceededListCount() < first) await Task.Delay(10);
        var seconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT {{\"jobs\":{first},\"seconds\":{seconds},\"jobs_per_second\":{first / seconds},\"enqueue_per_second\":{first / enqueueSeconds}}}"));
    }
}
else if (mode == "latency")
{
    using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 24 });
    await Task.Delay(1000);
    var samples = new List<double>();
    for (var i = 0; i < first + second; i++)
    {
        BackgroundJob.Enqueue(() => NoOp.Stamp(Stopwatch.GetTimestamp()));
        // A job Hangfire fetched but never ran was seen once (a 9-minute hang): fail the run loudly instead.
        double ms;
        try
        {
            ms = await NoOp.Latencies.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"job {i} did not start within 60 s of its enqueue");
        }

        if (i >= first) samples.Add(ms);
    }

    Console.WriteLine("RESULT {\"latencies_ms\":[" +
                      string.Join(',', samples.Select(s => s.ToString("R", CultureInfo.InvariantCulture))) + "]}");
}

static async Task PrepareAsync(string connection)
{
    await using var c = new NpgsqlConnection(connection);
    await c.OpenAsync();
    await using var analyze = new NpgsqlCommand("ANALYZE", c);
    await analyze.ExecuteNonQueryAsync();
    await using var checkpoint = new NpgsqlCommand("CHECKPOINT", c);
    await checkpoint.ExecuteNonQueryAsync();
}

public static class NoOp
{
    public static int Count;
    public static readonly System.Threading.Channels.Channel<double> Latencies =
        System.Threading.Channels.Channel.CreateUnbounded<double>();

    public static void Run() => Interlocked.Increment(ref Count);

    public static void Stamp(long enqueuedAt) =>
        Latencies.Writer.TryWrite(Stopwatch.GetElapsedTime(enqueuedAt).TotalMilliseconds);
}

using System.Globalization;
using System.Text;

namespace Baton.Bench;

/// <summary>
/// The cost of observability: the HTTP burn-down (SQLite) with metrics and tracing off, then on — metrics scraped
/// every second, tracing at a 100 % sampler, metrics and spans exported over OTLP/HTTP to <see cref="OtlpSink"/> —
/// alternating off/on in one run so the drift of a shared machine falls on both alike. The goal is on ≥ 0.95 × off.
/// </summary>
public static class TelemetryBench
{
    // Baton.Bench telemetry [--jobs N] [--pairs N] [--out FILE] [--breakdown]
    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = 20_000;
        var pairs = 3;
        var breakdown = false;
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--jobs": jobs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--pairs": pairs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--out": output = Path.GetFullPath(args[++i]); break;
                case "--breakdown": breakdown = true; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        var directory = Directory.CreateTempSubdirectory("baton-telemetry-bench-").FullName;
        try
        {
            await using var sink = new OtlpSink();
            // SQLite only, so no PostgreSQL cluster is started.
            var http = new HttpScenarios(BenchSettings.Full with { BurnJobs = jobs }, null!, directory);
            var off = new ServerOptions { Arguments = ["--no-metrics"] };
            var on = new ServerOptions
            {
                Arguments = ["--tracing"],
                ScrapeMetrics = true,
                Environment = new Dictionary<string, string>
                {
                    ["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.Endpoint.ToString().TrimEnd('/'),
                    ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                },
            };

            if (breakdown) return await BreakdownAsync(http, sink, off, on, pairs);

            var rows = new List<(int Pair, string Mode, double PerSecond, string Load)>();
            for (var pair = 1; pair <= pairs; pair++)
            {
                // Which goes first alternates too, so neither always runs on the warmer machine.
                foreach (var (mode, options) in pair % 2 == 1 ? new[] { ("off", off), ("on", on) } : [("on", on), ("off", off)])
                {
                    var result = await http.BurnDownAsync(false, pair, false, options);
                    var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                    rows.Add((pair, mode, result.Jobs / result.Seconds, load));
                    Console.WriteLine(FormattableString.Invariant($"pair {pair} {mode}: {result.Jobs / result.Seconds:0} jobs/s (load {load})"));
                }
            }

            var report = Report(rows, jobs, sink);
            Console.WriteLine(report);
            if (output is not null) await File.WriteAllTextAsync(output, report);
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Where the cost of "on" comes from: metrics alone, tracing alone (exported, and not exported), both; each
    // round runs every mode once, in an order that rotates, and the medians are compared with "off".
    private static async Task<int> BreakdownAsync(HttpScenarios http, OtlpSink sink, ServerOptions off, ServerOptions on, int rounds)
    {
        var modes = new (string Name, ServerOptions Options)[]
        {
            ("off", off),
            ("metrics only, not scraped or exported", new ServerOptions()),
            ("metrics only, scraped", new ServerOptions { ScrapeMetrics = true }),
            ("metrics only (scraped, OTLP)", on with { Arguments = [] }),
            ("tracing only (OTLP)", on with { Arguments = ["--no-metrics", "--tracing"], ScrapeMetrics = false }),
            ("tracing only, not exported", new ServerOptions { Arguments = ["--no-metrics", "--tracing"] }),
            ("both (the goal's setting)", on),
        };
        var results = modes.ToDictionary(m => m.Name, _ => new List<double>());
        var cpu = modes.ToDictionary(m => m.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < modes.Length; k++)
            {
                var (name, options) = modes[(k + round) % modes.Length];
                var result = await http.BurnDownAsync(false, round + 1, false, options);
                results[name].Add(result.Jobs / result.Seconds);
                cpu[name].Add(result.ServerCpuSeconds!.Value * 1e6 / result.Jobs);
                Console.WriteLine(FormattableString.Invariant(
                    $"round {round + 1} {name}: {result.Jobs / result.Seconds:0} jobs/s, server CPU {cpu[name][^1]:0} µs/job"));
            }
        }

        var baseline = Stats.Median([.. results["off"]]);
        var baseCpu = Stats.Median([.. cpu["off"]]);
        Console.WriteLine();
        Console.WriteLine("| mode | median jobs/s | vs off | server CPU per job, median | vs off |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, _) in modes)
        {
            var median = Stats.Median([.. results[name]]);
            var perJob = Stats.Median([.. cpu[name]]);
            Console.WriteLine(FormattableString.Invariant(
                $"| {name} | {median:N0} | {median / baseline:0.00}× | {perJob:0} µs | {perJob / baseCpu:0.00}× |"));
        }

        Console.WriteLine(FormattableString.Invariant($"OTLP exports received: {sink.Requests:N0} ({sink.Bytes / 1024.0 / 1024.0:0.0} MiB)."));
        return 0;
    }

    private static string Report(List<(int Pair, string Mode, double PerSecond, string Load)> rows, int jobs, OtlpSink sink)
    {
        double Median(string mode) => Stats.Median([.. rows.Where(r => r.Mode == mode).Select(r => r.PerSecond)]);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"HTTP burn-down on SQLite, {jobs:N0} jobs, 1 worker process × 8 claim loops (claim limit 100 + one outcomes batch); jobs/s:");
        text.AppendLine();
        text.AppendLine("| pair | off (`--no-metrics`) | on (metrics scraped every 1 s, `--tracing` at 100 %, OTLP export) | on / off | load (1 min) |");
        text.AppendLine("|---:|---:|---:|---:|---|");
        foreach (var pair in rows.GroupBy(r => r.Pair))
        {
            var off = pair.Single(r => r.Mode == "off");
            var on = pair.Single(r => r.Mode == "on");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {pair.Key} | {off.PerSecond:N0} | {on.PerSecond:N0} | {on.PerSecond / off.PerSecond:0.00}× | {off.Load} / {on.Load} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"| median | {Median("off"):N0} | {Median("on"):N0} | {Median("on") / Median("off"):0.00}× | |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"The OTLP sink received {sink.Requests:N0} exports ({sink.Bytes / 1024.0 / 1024.0:0.0} MiB). Machine load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}.");
        return text.ToString();
    }
}

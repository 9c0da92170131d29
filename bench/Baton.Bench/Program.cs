using System.Globalization;
using Baton.Bench;

// Baton.Bench run [--quick|--smoke] [--reps N] [--jobs N] [--claimers N] [--batch N] [--http-processes N] [--http-loops N] [--out FILE] [--no-peers] [--sync-off] [--only TEXT]
// Baton.Bench http-worker URL KEY LOOPS BATCH [SINGLE]   (one HTTP worker process; started by the run itself)
// Baton.Bench dashboard [--executions N] [--samples N] [--store sqlite|postgres|both] [--out FILE]
// Baton.Bench telemetry [--jobs N] [--pairs N] [--out FILE] [--breakdown]    (observability on vs off, alternating;
//     --breakdown: metrics alone, tracing alone, exported or not)
// Baton.Bench worker [--jobs N] [--reps N] [--prefetch N] [--max-concurrent N]   (a real `baton worker` burn-down, prefetch 0 vs N alternating)
// Baton.Bench limits [--jobs N] [--reps N] [--clients N] [--out FILE]   (Baton's store beside the minimum queue and pgbench)
if (args.Length > 0 && args[0] == "http-worker") return await HttpWorker.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "dashboard") return await DashboardBench.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "telemetry") return await TelemetryBench.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "limits") return await LimitsBench.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "messaging") return await MessagingBench.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "worker") return await WorkerBench.RunAsync(args[1..]);

var settings = BenchSettings.Full;
string? output = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "run":
            break;
        case "--quick":
            settings = BenchSettings.Quick with { Peers = settings.Peers, SyncOff = settings.SyncOff, Only = settings.Only };
            break;
        case "--smoke":
            settings = BenchSettings.Smoke with { Only = settings.Only };
            break;
        case "--reps":
            var reps = int.Parse(args[++i], CultureInfo.InvariantCulture);
            settings = settings with { Repetitions = reps, LatencyRepetitions = reps };
            break;
        case "--out":
            output = Path.GetFullPath(args[++i]);
            break;
        case "--no-peers":
            settings = settings with { Peers = false };
            break;
        case "--jobs":
            settings = settings with { BurnJobs = int.Parse(args[++i], CultureInfo.InvariantCulture) };
            break;
        case "--claimers":
            settings = settings with { StoreClaimers = int.Parse(args[++i], CultureInfo.InvariantCulture) };
            break;
        case "--batch":
            settings = settings with { StoreBatch = int.Parse(args[++i], CultureInfo.InvariantCulture) };
            break;
        case "--http-processes":
            settings = settings with { HttpProcesses = int.Parse(args[++i], CultureInfo.InvariantCulture) };
            break;
        case "--http-loops":
            settings = settings with { HttpLoopsPerProcess = int.Parse(args[++i], CultureInfo.InvariantCulture) };
            break;
        case "--only":
            settings = settings with { Only = args[++i] };
            break;
        case "--sync-off":
            settings = settings with { SyncOff = true };
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

output ??= settings.Profile == "full"
    ? Path.Combine(Tools.RepoRoot, "docs", "benchmarks.md")
    : Path.Combine(Tools.RepoRoot, "bench", "out", settings.Profile, "benchmarks.md");
return await Runner.RunAsync(settings, output);

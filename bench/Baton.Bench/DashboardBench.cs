using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Baton.Core.Dashboard;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Baton.Core.Tenants;
using Baton.Storage.Postgres;
using Baton.Storage.Sqlite;

namespace Baton.Bench;

/// <summary>
/// Server time to render each dashboard page with N executions in the database (issue goal: every page ≤ 100 ms p99
/// at 100,000). A real <c>baton serve</c> on each store; the executions are written through the store in batches
/// (1,000 runs, 20 queues, 50 tasks; a fifth claimed and finished, some failed), then every page is fetched in turn,
/// round-robin so the machine's drift spreads over all of them, and timed on loopback from request to last byte.
/// </summary>
public static partial class DashboardBench
{
    // Baton.Bench dashboard [--executions N] [--samples N] [--store sqlite|postgres|both] [--out FILE]
    public static async Task<int> RunAsync(string[] args)
    {
        var executions = 100_000;
        var samples = 100;
        var stores = new[] { "sqlite", "postgres" };
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--executions": executions = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--samples": samples = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--store": stores = args[++i] == "both" ? stores : [args[i]]; break;
                case "--out": output = Path.GetFullPath(args[++i]); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Dashboard render time with {executions:N0} executions ({samples} samples per page, after 5 warm-up; ms, request to last byte on loopback):");
        report.AppendLine();
        foreach (var store in stores)
        {
            var (rows, rereads) = await MeasureAsync(store, executions, samples);
            report.AppendLine(CultureInfo.InvariantCulture, $"| {store} page | p50 ms | p99 ms |");
            report.AppendLine("|---|---:|---:|");
            foreach (var (page, p50, p99) in rows)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"| `{page}` | {p50:0.0} | {p99:0.0} |");
            }

            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"{store}: {rereads} of {samples} timed overview renders started while the seeding's last minute of finishes was not over (+ 5 s); those re-read its finishes, later ones read the minutes kept since.");
            report.AppendLine();
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"Machine load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}.");
        Console.WriteLine(report);
        if (output is not null) await File.WriteAllTextAsync(output, report.ToString());
        return 0;
    }

    /// <summary>
    /// Every page's p50 and p99, and how many timed overview renders re-read the seeding's finishes: the dashboard
    /// keeps the minutes that are over (FinishedMinutes), so only renders before the last of them is over read them.
    /// </summary>
    private static async Task<(List<(string Page, double P50, double P99)> Rows, int OverviewRereads)> MeasureAsync(
        string storeKind, int executions, int samples)
    {
        var directory = Directory.CreateTempSubdirectory("baton-dash-bench-").FullName;
        PgCluster? cluster = null;
        try
        {
            string? connection = null;
            if (storeKind == "postgres")
            {
                cluster = await PgCluster.StartAsync();
                connection = await cluster.CreateDatabaseAsync("dash");
            }

            await using var server = await ServerProcess.StartAsync(connection, directory);
            var (sampleId, cueId, middle, lastFinish) = await SeedAsync(storeKind, connection, directory, server.ApiKey, executions);
            var finishesKept = FinishedMinutes.MinuteOf(lastFinish).AddMinutes(1) + FinishedMinutes.Grace;
            var rereads = 0;
            // A running PostgreSQL has statistics for its tables (autovacuum analyzes within a minute of such a
            // burst); right after 100,000 inserts it has none, and the planner guesses one row for every filter. The
            // counter deltas of the seeding are folded by the server's leader (which vacuums their table after a
            // burst) before the pages are measured.
            if (cluster is not null)
            {
                var folded = Stopwatch.StartNew();
                while (await cluster.ScalarAsync("SELECT count(*) FROM execution_count_deltas", "dash") != "0")
                {
                    if (folded.Elapsed > TimeSpan.FromMinutes(1)) throw new InvalidOperationException("the leader folded no counts in a minute");
                    await Task.Delay(200);
                }

                await cluster.PrepareAsync("dash");
            }
            using var http = await SignInAsync(server.Url, server.ApiKey);
            var pages = new[]
            {
                "/ui", "/ui/executions", "/ui/executions?status=success", "/ui/executions?queue=q7",
                "/ui/executions?task=task-13&status=pending", "/ui/executions?title=module%2042",
                $"/ui/executions?before={middle}", $"/ui/executions/{sampleId}", "/ui/runs", "/ui/runs/run-0500",
                "/ui/cues", $"/ui/cues/{cueId}", "/ui/workers", "/ui/alerts",
            };
            var times = pages.ToDictionary(p => p, _ => new List<double>());
            for (var round = -5; round < samples; round++)
            {
                foreach (var page in pages)
                {
                    if (round >= 0 && page == "/ui" && DateTimeOffset.UtcNow < finishesKept) rereads++;
                    var clock = Stopwatch.StartNew();
                    using var response = await http.GetAsync(page);
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{page}: {(int)response.StatusCode}");
                    if (round >= 0) times[page].Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            return ([.. pages.Select(p => (p, Stats.Percentile(times[p], 50), Stats.Percentile(times[p], 99)))], rereads);
        }
        finally
        {
            if (cluster is not null) await cluster.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Writes the executions through the store; returns one execution's id, a cue's id, a mid-list position and when the last outcome was written.</summary>
    private static async Task<(Guid Sample, string Cue, long Middle, DateTimeOffset LastFinish)> SeedAsync(
        string storeKind, string? connection, string directory, string apiKey, int executions)
    {
        await using IBatonStore store = storeKind == "postgres"
            ? PostgresStore.Open(new PostgresStoreOptions { ConnectionString = connection! }, TimeProvider.System)
            : SqliteStore.Open(new SqliteStoreOptions { DatabasePath = Path.Combine(directory, "baton.db") }, TimeProvider.System);
        var tenant = (await store.FindApiKeyAsync(new FindApiKeyParams(ApiKeys.Hash(apiKey)), CancellationToken.None))!.TenantId;
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < executions; start += 1000)
        {
            var batch = Enumerable.Range(start, Math.Min(1000, executions - start)).Select(i => new NewExecution
            {
                Id = Guid.CreateVersion7(),
                Title = $"Build module {i % 5000}",
                Queue = "q" + (i % 20).ToString(CultureInfo.InvariantCulture),
                Task = "task-" + (i % 50).ToString(CultureInfo.InvariantCulture),
                RunId = "run-" + (i / 100).ToString("0000", CultureInfo.InvariantCulture),
                Tags = i % 3 == 0 ? ["nightly"] : [],
                PayloadJson = """{"n":1}""",
                ScheduledFor = DateTimeOffset.UtcNow,
                MaxAttempts = 1,
                TriggeredBy = TriggeredBy.Api,
            }).ToList();
            await store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(tenant, batch), CancellationToken.None);
        }

        // A fifth of them claimed and finished (one in ten of those failed), as a busy hour leaves them.
        for (var done = 0; done < executions / 5; done += 100)
        {
            var claimed = await store.ClaimExecutionsAsync(
                new ClaimExecutionsParams(tenant, "bench-worker", ClaimFilter.Any, 300, 100), CancellationToken.None);
            if (claimed.Count == 0) break;
            var reports = claimed.Select((e, i) => new OutcomeReport
            {
                ExecutionId = e.Id,
                ClaimToken = e.ClaimToken,
                WorkerId = "bench-worker",
                Success = i % 10 != 0,
                Retryable = false,
            }).ToList();
            await store.RecordOutcomesAsync(new RecordOutcomesParams(tenant, reports, false), CancellationToken.None);
        }

        var lastFinish = DateTimeOffset.UtcNow;
        await store.RecordWorkerHeartbeatAsync(new RecordWorkerHeartbeatParams(tenant, "bench-worker", ["build"], null, null), CancellationToken.None);
        Console.WriteLine($"  {storeKind}: {executions:N0} executions written in {clock.Elapsed.TotalSeconds:0.0} s");
        var cue = await MakeCueAsync(store, tenant);
        var sample = await store.ListExecutionSliceAsync(new Baton.Core.Dashboard.ListExecutionSliceParams(new ListExecutionsParams(tenant), Limit: 1), CancellationToken.None);
        return (sample.Items[0].Id, cue, sample.Items[0].Sequence - executions / 2, lastFinish);
    }

    private static async Task<string> MakeCueAsync(IBatonStore store, string tenant)
    {
        var id = "cue_benchdash01";
        var definition = new Baton.Core.Cues.CueDefinition
        {
            ScheduleType = Baton.Core.Cues.ScheduleTypes.Recurring,
            Cron = "*/5 * * * *",
            Timezone = "Europe/Berlin",
            Transport = Baton.Core.Cues.CueTransports.Worker,
        };
        await store.CreateCueAsync(new CreateCueParams(tenant, id, "bench-cue", definition), CancellationToken.None);
        return id;
    }

    private static async Task<HttpClient> SignInAsync(Uri url, string apiKey)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = url };
        var form = await http.GetStringAsync("/ui/sign-in");
        var token = TokenField().Match(form).Groups[1].Value;
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__antiforgery"] = token,
            ["api_key"] = apiKey,
            ["return"] = "/ui",
        });
        var response = await http.PostAsync("/ui/sign-in", body);
        if (!response.RequestMessage!.RequestUri!.AbsolutePath.Equals("/ui", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the bench could not sign in to the dashboard");
        }

        return http;
    }

    [GeneratedRegex("name=\"__antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}

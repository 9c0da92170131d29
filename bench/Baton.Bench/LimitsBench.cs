using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Baton.Bench;

/// <summary>
/// How close Baton's store is to what the storage engine can do on this machine. In one run, alternating round by
/// round: Baton's store-level burn-down on each store; the same access pattern on a table that holds only what a
/// claim needs (the <em>minimum queue</em>: enqueue in batches of 1,000, claim a batch of 100 with SKIP LOCKED, mark
/// it done with one statement); Baton's own tables and indexes driven by bare statements
/// (<see cref="StoreScenarios.BareStatementsBurnDownAsync"/>); the same with a narrow ready table and lease table beside the
/// execution rows (<see cref="StoreScenarios.NarrowTablesBurnDownAsync"/>: the hot-path schema, sketched); and on PostgreSQL pgbench's simple-update TPS
/// (<c>-N</c>) at the same client count.
/// The minimum queue writes no events, no evidence, no indexes beyond the claim's, and keeps no history: it is the
/// ceiling for Baton's pattern, not a queue anyone should run.
/// </summary>
public static partial class LimitsBench
{
    private const int Batch = 100;

    // Baton.Bench limits [--jobs N] [--reps N] [--clients N] [--out FILE]
    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = 50_000;
        var reps = 3;
        var clients = 8;
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--jobs": jobs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--reps": reps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--clients": clients = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--out": output = Path.GetFullPath(args[++i]); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        var work = Path.Combine(Path.GetTempPath(), "baton-limits-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        await using var cluster = await PgCluster.StartAsync();
        var settings = BenchSettings.Full with { Profile = "limits", BurnJobs = jobs, StoreClaimers = clients, Peers = false };
        var store = new StoreScenarios(settings, cluster, work);
        var rows = new Dictionary<string, List<double>>();
        void Add(string name, double value)
        {
            if (!rows.TryGetValue(name, out var list)) rows[name] = list = [];
            list.Add(value);
            Console.WriteLine($"  {name}: {value:N0}");
        }

        for (var rep = 1; rep <= reps; rep++)
        {
            Console.WriteLine($"round {rep} of {reps}");
            Add("Baton store burn-down, PostgreSQL (jobs/s)", (await store.BurnDownAsync(true, rep, false)).JobsPerSecond);
            Add("Baton's tables, bare statements, PostgreSQL (jobs/s)", await store.BareStatementsBurnDownAsync(true, rep));
            Add("narrow ready and lease tables, bare statements, PostgreSQL (jobs/s)", await store.NarrowTablesBurnDownAsync(true, rep, outcomeRows: false));
            Add("narrow tables and an insert-only outcome table, bare statements, PostgreSQL (jobs/s)", await store.NarrowTablesBurnDownAsync(true, rep, outcomeRows: true));
            Add("minimum queue, PostgreSQL (jobs/s)", await PostgresMinimumAsync(cluster, jobs, clients, rep));
            Add($"pgbench simple-update -N, {clients} clients (TPS)", await PgbenchAsync(cluster, clients, rep));
            Add("Baton store burn-down, SQLite (jobs/s)", (await store.BurnDownAsync(false, rep, false)).JobsPerSecond);
            Add("Baton's tables, bare statements, SQLite (jobs/s)", await store.BareStatementsBurnDownAsync(false, rep));
            Add("narrow ready and lease tables, bare statements, SQLite (jobs/s)", await store.NarrowTablesBurnDownAsync(false, rep, outcomeRows: false));
            Add("narrow tables and an insert-only outcome table, bare statements, SQLite (jobs/s)", await store.NarrowTablesBurnDownAsync(false, rep, outcomeRows: true));
            Add("minimum queue, SQLite (jobs/s)", await SqliteMinimumAsync(work, jobs, rep));
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Physical reference, {jobs:N0} jobs, {clients} claimers × batch {Batch}, {reps} rounds alternating (medians):");
        report.AppendLine();
        report.AppendLine("| measure | rounds | median |");
        report.AppendLine("|---|---|---:|");
        foreach (var (name, values) in rows)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {string.Join(" / ", values.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))} | {Stats.Median(values):N0} |");
        }

        report.AppendLine();
        foreach (var db in new[] { "PostgreSQL", "SQLite" })
        {
            var baton = Stats.Median(rows[$"Baton store burn-down, {db} (jobs/s)"]);
            var minimum = Stats.Median(rows[$"minimum queue, {db} (jobs/s)"]);
            report.AppendLine(CultureInfo.InvariantCulture, $"Baton on {db}: {baton / minimum:0.00}× the minimum queue.");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"Machine load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}.");
        Console.WriteLine(report);
        if (output is not null) await File.WriteAllTextAsync(output, report.ToString());
        Directory.Delete(work, recursive: true);
        return 0;
    }

    /// <summary>
    /// The minimum queue on PostgreSQL: a row of id, state, owner and lease; a partial index on the ready rows in claim
    /// order. Claimers claim with one statement (SKIP LOCKED) and mark their batch done with another, each its own
    /// implicit transaction with a synchronous commit, as Baton's claims and outcome batches are.
    /// </summary>
    private static async Task<double> PostgresMinimumAsync(PgCluster cluster, int jobs, int clients, int rep)
    {
        var database = "minimum_" + rep.ToString(CultureInfo.InvariantCulture);
        var connection = await cluster.CreateDatabaseAsync(database);
        await cluster.ExecuteAsync("""
            CREATE TABLE q (id bigserial PRIMARY KEY, state smallint NOT NULL DEFAULT 0, owner text,
                            lease_until timestamptz, payload jsonb NOT NULL DEFAULT '{}');
            CREATE INDEX q_ready ON q (id) WHERE state = 0;
            """, database);
        await using var source = NpgsqlDataSource.Create(connection);
        for (var i = 0; i < jobs; i += 1000)
        {
            await using var insert = source.CreateCommand(
                "INSERT INTO q (payload) SELECT '{}' FROM generate_series(1, @n)");
            insert.Parameters.AddWithValue("n", Math.Min(1000, jobs - i));
            await insert.ExecuteNonQueryAsync();
        }

        await cluster.PrepareAsync(database);
        var sw = Stopwatch.StartNew();
        var done = await ClaimFinishLoop.PostgresAsync(source, clients, $"""
            WITH picked AS (SELECT id FROM q WHERE state = 0 ORDER BY id LIMIT {Batch} FOR UPDATE SKIP LOCKED)
            UPDATE q SET state = 1, owner = @w, lease_until = now() + interval '5 minutes'
            FROM picked WHERE q.id = picked.id RETURNING q.id
            """, "UPDATE q SET state = 2, owner = NULL, lease_until = NULL WHERE id = ANY(@ids)");
        var seconds = sw.Elapsed.TotalSeconds;
        if (done != jobs) throw new InvalidOperationException($"minimum queue burned {done} of {jobs}");
        await cluster.DropDatabaseAsync(database);
        return jobs / seconds;
    }

    /// <summary>pgbench's simple-update script (<c>-N</c>), scale 10, for 15 s: the TPS of a short write transaction here.</summary>
    private static async Task<double> PgbenchAsync(PgCluster cluster, int clients, int rep)
    {
        var database = "pgbench_" + rep.ToString(CultureInfo.InvariantCulture);
        await cluster.CreateDatabaseAsync(database);
        await cluster.RunToolAsync("pgbench", "-i", "-q", "-s", "10", database);
        var output = await cluster.RunToolAsync("pgbench", "-N", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", "15", database);
        await cluster.DropDatabaseAsync(database);
        var tps = TpsLine().Match(output);
        if (!tps.Success) throw new InvalidOperationException("no TPS in pgbench's output:\n" + output);
        return double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The minimum queue on SQLite with Baton's settings (WAL, <c>synchronous = FULL</c>), on one connection as
    /// Baton's single writer: each claim and each completion its own transaction and commit.
    /// </summary>
    private static async Task<double> SqliteMinimumAsync(string work, int jobs, int rep)
    {
        var path = Path.Combine(work, $"minimum-{rep}.db");
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync();
        Execute(c, """
            PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
            CREATE TABLE q (id INTEGER PRIMARY KEY, state INTEGER NOT NULL DEFAULT 0, owner TEXT, lease_until INTEGER,
                            payload TEXT NOT NULL DEFAULT '{}');
            CREATE INDEX q_ready ON q (id) WHERE state = 0;
            """);
        for (var i = 0; i < jobs; i += 1000)
        {
            Execute(c, $"""
                WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < {Math.Min(1000, jobs - i)})
                INSERT INTO q (payload) SELECT '{"{}"}' FROM n
                """);
        }

        var sw = Stopwatch.StartNew();
        var done = ClaimFinishLoop.Sqlite(c, $"""
            UPDATE q SET state = 1, owner = 'w', lease_until = $now + 300000000
            WHERE id IN (SELECT id FROM q WHERE state = 0 ORDER BY id LIMIT {Batch}) RETURNING id
            """, ids => $"UPDATE q SET state = 2, owner = NULL, lease_until = NULL WHERE id IN ({ids})");
        var seconds = sw.Elapsed.TotalSeconds;
        if (done != jobs) throw new InvalidOperationException($"minimum queue burned {done} of {jobs}");
        return jobs / seconds;
    }

    private static void Execute(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();
}

using System.Diagnostics;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Baton.Storage.Postgres;
using Baton.Storage.Sqlite;
using Npgsql;

namespace Baton.Bench;

/// <summary>Scenarios that call <see cref="IBatonStore"/> directly, in this process: no HTTP, no server.</summary>
public sealed class StoreScenarios(BenchSettings settings, PgCluster cluster, string workDirectory)
{
    private const string TenantId = "tnt_bench";

    /// <summary>
    /// Enqueue <see cref="BenchSettings.BurnJobs"/> through <c>EnqueueExecutionsAsync</c> in batches, then
    /// <see cref="BenchSettings.StoreClaimers"/> claimers claim a batch and record its outcomes in one
    /// <c>RecordOutcomesAsync</c> until nothing is left.
    /// </summary>
    public async Task<BurnResult> BurnDownAsync(bool postgres, int repetition, bool syncOff)
    {
        var (store, database) = await OpenAsync(postgres, $"store_burn_{repetition}{(syncOff ? "_off" : "")}");
        await using (store)
        {
            var sw = Stopwatch.StartNew();
            await EnqueueAsync(store, "noop", settings.BurnJobs);
            var enqueueSeconds = sw.Elapsed.TotalSeconds;
            if (database is not null) await cluster.PrepareAsync(database);

            sw.Restart();
            long claimTicks = 0, outcomeTicks = 0;
            var workers = Enumerable.Range(0, settings.StoreClaimers).Select(k => Task.Run(async () =>
            {
                var worker = "w" + k;
                var done = 0;
                while (true)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var claimed = await store.ClaimExecutionsAsync(
                        new ClaimExecutionsParams(TenantId, worker, ClaimFilter.Any, 300, settings.StoreBatch), CancellationToken.None);
                    var t1 = Stopwatch.GetTimestamp();
                    Interlocked.Add(ref claimTicks, t1 - t0);
                    if (claimed.Count == 0) return done;
                    var results = await store.RecordOutcomesAsync(new RecordOutcomesParams(TenantId,
                        [.. claimed.Select(e => new OutcomeReport { ExecutionId = e.Id, WorkerId = worker, ClaimToken = e.ClaimToken, Success = true })],
                        StrictOwnership: false), CancellationToken.None);
                    Interlocked.Add(ref outcomeTicks, Stopwatch.GetTimestamp() - t1);
                    if (results.FirstOrDefault(r => r.Error is not null) is { } refused) throw refused.Error!;
                    done += claimed.Count;
                }
            })).ToList();
            var total = (await Task.WhenAll(workers)).Sum();
            var seconds = sw.Elapsed.TotalSeconds;
            if (total != settings.BurnJobs) throw new InvalidOperationException($"burned {total} of {settings.BurnJobs}");
            if (database is not null) await cluster.DropDatabaseAsync(database);
            return new BurnResult("store", postgres ? Names.BatonPostgres : Names.BatonSqlite,
                $"{settings.StoreClaimers} claimers × batch {settings.StoreBatch}, 1 process",
                settings.BurnJobs, seconds, settings.BurnJobs / enqueueSeconds, syncOff)
            {
                ClaimShare = (double)claimTicks / (claimTicks + outcomeTicks),
            };
        }
    }

    /// <summary>
    /// Claim latency of a filtered claim (task <c>target</c>) with <paramref name="pending"/> executions of another
    /// task waiting ahead of it. The backlog goes in with one INSERT … SELECT straight into the table
    /// (<c>generate_series</c> on PostgreSQL, a recursive CTE on SQLite): only the claims are timed.
    /// </summary>
    public async Task<ScaleResult> ScaleAsync(bool postgres, int pending)
    {
        var (store, database) = await OpenAsync(postgres, $"scale_{pending}");
        await using (store)
        {
            if (database is not null)
            {
                await cluster.ExecuteAsync($"""
                    INSERT INTO executions (id, tenant_id, status, scheduled_for, available_at, queue, task, priority,
                        tags, payload, attempts, max_attempts, backoff_seconds, triggered_by, created_at, updated_at)
                    SELECT gen_random_uuid(), '{TenantId}', 'pending', now() - interval '1 hour', now() - interval '1 hour',
                        'default', 'other', 0, '{"{}"}', '{"{}"}', 0, 3, '{"{}"}', 'api', now(), now()
                    FROM generate_series(1, {pending})
                    """, database);
            }
            else
            {
                await InsertSqliteBacklogAsync(pending);
            }

            var warmup = Math.Max(5, settings.ScaleSamples / 10);
            await EnqueueAsync(store, "target", warmup + settings.ScaleSamples);
            if (database is not null) await cluster.PrepareAsync(database);
            var filter = new ClaimFilter { Tasks = ["target"] };
            var samples = new List<double>();
            for (var i = 0; i < warmup + settings.ScaleSamples; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var claimed = await store.ClaimExecutionsAsync(
                    new ClaimExecutionsParams(TenantId, "scale", filter, 300), CancellationToken.None);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (claimed.Count != 1) throw new InvalidOperationException("the filtered claim found nothing");
                if (i >= warmup) samples.Add(ms);
            }

            if (database is not null) await cluster.DropDatabaseAsync(database);
            return new ScaleResult(postgres ? Names.BatonPostgres : Names.BatonSqlite, pending, Stats.Summarise(samples));
        }
    }

    /// <summary>
    /// EXPLAIN ANALYZE of the claim statement on a fresh backlog, for the report's diagnosis. Its WHERE must repeat
    /// PostgresStore's ClaimableTerms (the partial claim indexes' predicate), or the plan shown is not Baton's.
    /// </summary>
    public async Task<string> ExplainClaimAsync(int pending)
    {
        var (store, database) = await OpenAsync(true, "explain");
        await using (store)
        {
            await EnqueueAsync(store, "noop", pending);
            await cluster.PrepareAsync(database!);
            await using var c = new NpgsqlConnection(cluster.ConnectionString(database!));
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"""
                EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
                WITH picked AS (
                    SELECT e.seq FROM executions e
                    WHERE e.tenant_id = '{TenantId}' AND e.status IN ('pending', 'retrying') AND e.transport = 'worker'
                      AND e.available_at <= now()
                      AND (e.expires_at IS NULL OR e.expires_at > now())
                    ORDER BY e.priority DESC, e.available_at, e.seq LIMIT 100 FOR UPDATE SKIP LOCKED)
                UPDATE executions e SET status = 'delivering', attempts = e.attempts + 1, claimed_by_worker = 'x',
                    claim_token = md5(gen_random_uuid()::text), lease_expires_at = now() + interval '5 minutes',
                    last_event_tx = pg_current_xact_id()
                FROM picked WHERE e.seq = picked.seq
                """, c);
            var lines = new List<string>();
            await using (var r = await cmd.ExecuteReaderAsync())
            {
                while (await r.ReadAsync()) lines.Add(r.GetString(0));
            }

            await cluster.DropDatabaseAsync(database!);
            return string.Join('\n', lines);
        }
    }

    /// <summary>
    /// Baton's own tables and indexes, filled by Baton's enqueue, burned down by bare statements: the same claim
    /// (SKIP LOCKED on PostgreSQL, <c>UPDATE … WHERE seq IN (SELECT … LIMIT)</c> on SQLite) and one UPDATE per batch
    /// to success, writing only the columns a claim and a finish must, with no events, no reads back and no
    /// decisions. Beside the store burn-down and the minimum queue it splits Baton's cost into what its row and
    /// indexes take and what the rest of its work takes (<see cref="LimitsBench"/>).
    /// </summary>
    public async Task<double> BareStatementsBurnDownAsync(bool postgres, int repetition)
    {
        var (store, database) = await OpenAsync(postgres, $"bare_{repetition}");
        await EnqueueAsync(store, "noop", settings.BurnJobs);
        await store.DisposeAsync();
        var sw = Stopwatch.StartNew();
        int total;
        if (database is not null)
        {
            await cluster.PrepareAsync(database);
            sw.Restart();
            await using var source = NpgsqlDataSource.Create(cluster.ConnectionString(database));
            total = await ClaimFinishLoop.PostgresAsync(source, settings.StoreClaimers, $"""
                WITH picked AS (
                    SELECT seq FROM executions
                    WHERE tenant_id = '{TenantId}' AND status IN ('pending', 'retrying') AND transport = 'worker'
                      AND available_at <= now()
                    ORDER BY priority DESC, available_at, seq LIMIT {settings.StoreBatch} FOR UPDATE SKIP LOCKED)
                UPDATE executions e SET status = 'delivering', attempts = e.attempts + 1, claimed_by_worker = @w,
                    claim_token = md5(random()::text), lease_seconds = 300,
                    lease_expires_at = now() + interval '300 seconds', started_at = now(), delivered_at = now(),
                    last_attempt_at = now(), updated_at = now()
                FROM picked WHERE e.seq = picked.seq RETURNING e.seq
                """, """
                UPDATE executions SET status = 'success', claim_token = NULL, lease_expires_at = NULL,
                    outcome_success = true, outcome_recorded_at = now(), finished_at = now(), updated_at = now()
                WHERE seq = ANY(@ids)
                """);
            await cluster.DropDatabaseAsync(database);
        }
        else
        {
            // One connection: SQLite has one writer, as in Baton.
            await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_sqlitePath};Pooling=False");
            await c.OpenAsync();
            await using (var pragmas = c.CreateCommand())
            {
                pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
                await pragmas.ExecuteNonQueryAsync();
            }

            sw.Restart();
            total = ClaimFinishLoop.Sqlite(c, $"""
                UPDATE executions SET status = 'delivering', attempts = attempts + 1, claimed_by_worker = 'w',
                    claim_token = lower(hex(randomblob(16))), lease_seconds = 300,
                    lease_expires_at = $now + 300000000, started_at = $now, delivered_at = $now,
                    last_attempt_at = $now, updated_at = $now
                WHERE seq IN (
                    SELECT seq FROM executions
                    WHERE tenant_id = '{TenantId}' AND status IN ('pending', 'retrying') AND transport = 'worker'
                      AND available_at <= $now
                    ORDER BY priority DESC, available_at, seq LIMIT {settings.StoreBatch})
                RETURNING seq
                """, seqs => $"""
                UPDATE executions SET status = 'success', claim_token = NULL, lease_expires_at = NULL,
                    outcome_success = 1, outcome_recorded_at = $now, finished_at = $now, updated_at = $now
                WHERE seq IN ({seqs})
                """);
        }

        var seconds = sw.Elapsed.TotalSeconds;
        if (total != settings.BurnJobs) throw new InvalidOperationException($"bare statements burned {total} of {settings.BurnJobs}");
        return total / seconds;
    }

    /// <summary>
    /// A sketch of the hot-path schema, measured before it is built: Baton's tables filled by Baton's enqueue, plus
    /// a narrow <c>ready</c> table (one row per claimable execution, in claim order) and a narrow <c>leases</c> table
    /// (one row per claimed execution: worker, token, attempt, expiry). A claim deletes its rows from <c>ready</c>,
    /// inserts their leases and reads the wide rows' payloads; it never writes the wide row. A finish deletes the
    /// leases and writes the wide row once, with what the claim and the outcome would have written. Bare statements
    /// as in <see cref="BareStatementsBurnDownAsync"/> (no events, no decisions), so the two rows compare the schemas.
    /// With <paramref name="outcomeRows"/> the finish never writes the wide row either: it inserts the outcome into an
    /// insert-only <c>outcomes</c> table (indexed by tenant and status, and by finish time), so the wide row is
    /// written once, at enqueue.
    /// </summary>
    public async Task<double> NarrowTablesBurnDownAsync(bool postgres, int repetition, bool outcomeRows)
    {
        var (store, database) = await OpenAsync(postgres, $"narrow_{repetition}{(outcomeRows ? "_outcomes" : "")}");
        await EnqueueAsync(store, "noop", settings.BurnJobs);
        await store.DisposeAsync();
        int total;
        Stopwatch sw;
        if (database is not null)
        {
            await cluster.ExecuteAsync(NarrowTablesSql(key: "bigint", time: "timestamptz"), database);
            await cluster.PrepareAsync(database);
            sw = Stopwatch.StartNew();
            await using var source = NpgsqlDataSource.Create(cluster.ConnectionString(database));
            total = await ClaimFinishLoop.PostgresAsync(source, settings.StoreClaimers, $"""
                WITH picked AS (
                    SELECT ctid FROM ready
                    WHERE tenant_id = '{TenantId}' AND available_at <= now()
                    ORDER BY priority DESC, available_at, seq LIMIT {settings.StoreBatch} FOR UPDATE SKIP LOCKED),
                gone AS (DELETE FROM ready r USING picked p WHERE r.ctid = p.ctid RETURNING r.seq, r.tenant_id),
                leased AS (
                    INSERT INTO leases (seq, tenant_id, worker, claim_token, attempt, lease_expires_at)
                    SELECT seq, tenant_id, @w, md5(random()::text), 1, now() + interval '300 seconds' FROM gone
                    RETURNING seq)
                SELECT e.seq, e.payload FROM leased l JOIN executions e ON e.seq = l.seq
                """, outcomeRows ? """
                WITH gone AS (DELETE FROM leases l WHERE l.seq = ANY(@ids) RETURNING l.seq, l.tenant_id, l.worker, l.attempt)
                INSERT INTO outcomes (seq, tenant_id, status, attempts, worker, success, started_at, finished_at)
                SELECT seq, tenant_id, 'success', attempt, worker, true, now(), now() FROM gone
                """ : """
                WITH gone AS (DELETE FROM leases l WHERE l.seq = ANY(@ids) RETURNING l.seq, l.worker, l.attempt)
                UPDATE executions e SET status = 'success', attempts = gone.attempt, claimed_by_worker = gone.worker,
                    started_at = now(), delivered_at = now(), last_attempt_at = now(), outcome_success = true,
                    outcome_recorded_at = now(), finished_at = now(), updated_at = now()
                FROM gone WHERE e.seq = gone.seq
                """);
            await cluster.DropDatabaseAsync(database);
        }
        else
        {
            await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_sqlitePath};Pooling=False");
            await c.OpenAsync();
            await using (var setup = c.CreateCommand())
            {
                // INTEGER PRIMARY KEY: the rowid itself, as Baton's own tables key their rows on SQLite.
                setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;\n" +
                                    NarrowTablesSql(key: "INTEGER", time: "INTEGER");
                await setup.ExecuteNonQueryAsync();
            }

            sw = Stopwatch.StartNew();
            // One transaction per claim and per finish, as the single writer would run them. The claim's COMMIT runs
            // when its reader is disposed; if it did not, the finish's BEGIN would fail. Every finish deletes its
            // leases, so with this one claimer `leases` holds exactly the batch just claimed.
            total = ClaimFinishLoop.Sqlite(c, $"""
                BEGIN IMMEDIATE;
                INSERT INTO leases (seq, tenant_id, worker, claim_token, attempt, lease_expires_at)
                SELECT seq, tenant_id, 'w', lower(hex(randomblob(16))), 1, $now + 300000000 FROM ready
                WHERE tenant_id = '{TenantId}' AND available_at <= $now
                ORDER BY priority DESC, available_at, seq LIMIT {settings.StoreBatch};
                DELETE FROM ready WHERE seq IN (SELECT seq FROM leases);
                SELECT e.seq, e.payload FROM leases l JOIN executions e ON e.seq = l.seq;
                COMMIT;
                """, seqs => outcomeRows ? $"""
                BEGIN IMMEDIATE;
                INSERT INTO outcomes (seq, tenant_id, status, attempts, worker, success, started_at, finished_at)
                SELECT seq, tenant_id, 'success', attempt, worker, 1, $now, $now FROM leases WHERE seq IN ({seqs});
                DELETE FROM leases WHERE seq IN ({seqs});
                COMMIT;
                """ : $"""
                BEGIN IMMEDIATE;
                UPDATE executions SET status = 'success', attempts = 1, claimed_by_worker = 'w', started_at = $now,
                    delivered_at = $now, last_attempt_at = $now, outcome_success = 1, outcome_recorded_at = $now,
                    finished_at = $now, updated_at = $now
                WHERE seq IN ({seqs});
                DELETE FROM leases WHERE seq IN ({seqs});
                COMMIT;
                """);
        }

        var seconds = sw.Elapsed.TotalSeconds;
        if (total != settings.BurnJobs) throw new InvalidOperationException($"narrow tables burned {total} of {settings.BurnJobs}");
        return total / seconds;
    }

    /// <summary>
    /// The sketch's tables, filled with the pending executions, for either store (<paramref name="key"/> and
    /// <paramref name="time"/> are the store's types for <c>seq</c> and for times).
    /// </summary>
    private static string NarrowTablesSql(string key, string time) => $"""
        CREATE TABLE ready (seq {key} PRIMARY KEY, tenant_id text NOT NULL, priority int NOT NULL,
                            available_at {time} NOT NULL);
        CREATE INDEX ready_claim ON ready (tenant_id, priority DESC, available_at, seq);
        CREATE TABLE leases (seq {key} PRIMARY KEY, tenant_id text NOT NULL, worker text NOT NULL,
                             claim_token text NOT NULL, attempt int NOT NULL, lease_expires_at {time} NOT NULL);
        CREATE INDEX leases_expiry ON leases (lease_expires_at);
        CREATE INDEX leases_by_worker ON leases (tenant_id, worker);
        CREATE TABLE outcomes (seq {key} PRIMARY KEY, tenant_id text NOT NULL, status text NOT NULL,
                               attempts int NOT NULL, worker text, success boolean, result text, error text,
                               started_at {time}, finished_at {time} NOT NULL);
        CREATE INDEX outcomes_by_status ON outcomes (tenant_id, status, seq);
        CREATE INDEX outcomes_finished ON outcomes (finished_at);
        INSERT INTO ready SELECT seq, tenant_id, priority, available_at FROM executions WHERE status = 'pending';
        """;

    private string? _sqlitePath;

    /// <summary>SQLite's columns as its driver writes them: ids as text, times as Unix microseconds, lists as JSON.</summary>
    private async Task InsertSqliteBacklogAsync(int pending)
    {
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_sqlitePath};Default Timeout=60");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {pending})
            INSERT INTO executions (id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags,
                payload, attempts, max_attempts, backoff_seconds, triggered_by, created_at, updated_at)
            SELECT lower(printf('%s-%s-%s-%s-%s', hex(randomblob(4)), hex(randomblob(2)), hex(randomblob(2)),
                    hex(randomblob(2)), hex(randomblob(6)))),
                '{TenantId}', 'pending', $t, $t, 'default', 'other', 0, '[]', '{"{}"}', 0, 3, '[]', 'api', $t, $t
            FROM n
            """;
        cmd.Parameters.AddWithValue("$t", (DateTimeOffset.UtcNow.AddHours(-1).UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10);
        cmd.CommandTimeout = 600;
        // No ANALYZE: the store never runs it, and with sqlite_stat1 present SQLite stops using the task index for
        // this claim (seen here: p50 97 ms at 100,000 pending against 12 ms at 10,000; see bench/analysis.md).
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<(IBatonStore Store, string? Database)> OpenAsync(bool postgres, string name)
    {
        IBatonStore store;
        string? database = null;
        if (postgres)
        {
            database = "baton_" + name;
            var connection = await cluster.CreateDatabaseAsync(database);
            store = PostgresStore.Open(new PostgresStoreOptions { ConnectionString = connection }, TimeProvider.System);
        }
        else
        {
            var directory = Path.Combine(workDirectory, "sqlite-" + name + "-" + Guid.NewGuid().ToString("N")[..6]);
            Directory.CreateDirectory(directory);
            _sqlitePath = Path.Combine(directory, "baton.db");
            store = SqliteStore.Open(new SqliteStoreOptions { DatabasePath = _sqlitePath }, TimeProvider.System);
        }

        await store.MigrateAsync(CancellationToken.None);
        await store.CreateTenantAsync(new CreateTenantParams(TenantId, "bench@localhost", "free", "hash-" + name, "bt_bench"), CancellationToken.None);
        return (store, database);
    }

    private async Task EnqueueAsync(IBatonStore store, string task, int count)
    {
        for (var i = 0; i < count; i += settings.EnqueueBatch)
        {
            var now = DateTimeOffset.UtcNow;
            var batch = Enumerable.Range(0, Math.Min(settings.EnqueueBatch, count - i)).Select(_ => new NewExecution
            {
                Id = Guid.CreateVersion7(),
                Queue = "default",
                Task = task,
                PayloadJson = "{}",
                ScheduledFor = now,
                MaxAttempts = 3,
                TriggeredBy = "api",
            }).ToList();
            await store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantId, batch, now), CancellationToken.None);
        }
    }
}

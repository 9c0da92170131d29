using Baton.Core.Executions;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>
/// Group commit on the SQLite writer: writes queued while a flush runs are committed together by the next flush,
/// each in its own savepoint. A caller hears of success only after its flush committed; a write that throws fails
/// only its own caller; a commit that fails fails every caller of the flush. The writer is held by a write that
/// waits on a gate, so what queues behind it is known without any timing.
/// </summary>
public sealed class GroupCommitTests
{
    private const string Tenant = "t1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writes_queued_while_a_flush_runs_are_committed_together_by_the_next_flush()
    {
        await using var db = await SqliteTestDatabase.CreateAsync();
        await using var store = await OpenAsync(db);
        var held = await HoldTheWriterAsync(store);
        var commitsBefore = store.Commits;

        var enqueues = Enumerable.Range(0, 50).Select(_ => Enqueue(store, 1)).ToList();
        Assert.Equal(50, store.QueuedWrites);
        Assert.All(enqueues, e => Assert.False(e.IsCompleted)); // nothing is acknowledged before its commit

        await held.ReleaseAsync();
        var ids = (await Task.WhenAll(enqueues)).SelectMany(r => r.Executions).Select(e => e.Id).ToHashSet();

        Assert.Equal(2, store.Commits - commitsBefore); // the held write's flush, then one for all 50
        Assert.Equal(ids, StoredExecutionIds(db));
    }

    [Fact]
    public async Task A_write_that_throws_fails_only_its_caller_and_rolls_back_only_its_own_changes()
    {
        await using var db = await SqliteTestDatabase.CreateAsync();
        await using var store = await OpenAsync(db);
        var held = await HoldTheWriterAsync(store);
        var commitsBefore = store.Commits;

        // Queue order is run order: the claim runs after the first enqueue in the same transaction and sees its
        // rows; the failing write sits between them and leaves nothing behind.
        var first = Enqueue(store, 10);
        var failing = WriteThatFailsAfterChangingARow(store);
        var claim = store.ClaimExecutionsAsync(new ClaimExecutionsParams(Tenant, "w", ClaimFilter.Any, 300, 10), Ct);
        var later = Enumerable.Range(0, 10).Select(_ => Enqueue(store, 1)).ToList();

        await held.ReleaseAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("this write fails after changing a row", error.Message);
        var enqueued = (await first).Executions.Select(e => e.Id).ToHashSet();
        Assert.Equal(enqueued, (await claim).Select(e => e.Id).ToHashSet());
        var laterIds = (await Task.WhenAll(later)).SelectMany(r => r.Executions).Select(e => e.Id);

        Assert.Equal(2, store.Commits - commitsBefore);
        Assert.Equal(0, Count(db, "SELECT count(*) FROM tenants WHERE id = 'ghost'"));
        Assert.Equal(enqueued.Concat(laterIds).ToHashSet(), StoredExecutionIds(db));
        Assert.Equal(10, Count(db, "SELECT count(*) FROM executions WHERE status = 'delivering'"));
    }

    [Fact]
    public async Task Many_concurrent_writers_with_one_failing_write_lose_nothing_but_that_write()
    {
        const int writers = 16;
        const int writesEach = 25;
        await using var db = await SqliteTestDatabase.CreateAsync();
        await using var store = await OpenAsync(db);
        var failures = 0;

        var acknowledged = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var ids = new List<Guid>();
            for (var i = 0; i < writesEach; i++)
            {
                if (w == writers / 2 && i == writesEach / 2)
                {
                    try
                    {
                        await WriteThatFailsAfterChangingARow(store);
                    }
                    catch (InvalidOperationException)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }

                ids.AddRange((await Enqueue(store, 1)).Executions.Select(e => e.Id));
            }

            return ids;
        }, Ct)));

        Assert.Equal(1, failures);
        var ids = acknowledged.SelectMany(a => a).ToHashSet();
        Assert.Equal(writers * writesEach, ids.Count);
        Assert.Equal(ids, StoredExecutionIds(db));
        Assert.Equal(0, Count(db, "SELECT count(*) FROM tenants WHERE id = 'ghost'"));
    }

    [Fact]
    public async Task A_commit_that_fails_fails_every_write_of_its_flush_and_stores_none_of_them()
    {
        await using var db = await SqliteTestDatabase.CreateAsync();
        await using var store = await OpenAsync(db);
        var held = await HoldTheWriterAsync(store);
        var commitsBefore = store.Commits;

        var before = Enumerable.Range(0, 10).Select(_ => Enqueue(store, 1)).ToList();
        // A foreign key checked only at COMMIT (deferred for this transaction), broken: SQLite refuses the COMMIT
        // itself, after every write of the flush ran and released its savepoint without an error.
        var breaksTheCommit = store.WriteAsync(tx =>
        {
            using var insert = new SqliteCommand("""
                PRAGMA defer_foreign_keys = ON;
                INSERT INTO api_keys (key_hash, tenant_id, prefix, is_primary, created_at)
                VALUES ('orphan', 'no-such-tenant', 'bt_x', 0, 0);
                """, tx.Connection, tx);
            return insert.ExecuteNonQuery();
        }, Ct);
        var after = Enumerable.Range(0, 10).Select(_ => Enqueue(store, 1)).ToList();

        await held.ReleaseAsync();

        foreach (var write in before.Concat(after).Cast<Task>().Append(breaksTheCommit))
        {
            var error = await Assert.ThrowsAsync<SqliteException>(() => write);
            Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT (a foreign key)
        }

        Assert.Equal(1, store.Commits - commitsBefore); // the held write's flush only
        Assert.Empty(StoredExecutionIds(db));
        Assert.Equal(0, Count(db, "SELECT count(*) FROM api_keys WHERE key_hash = 'orphan'"));

        // The writer is usable again, and the deferral ended with the failed transaction.
        var next = await Enqueue(store, 1);
        Assert.Equal(next.Executions.Select(e => e.Id).ToHashSet(), StoredExecutionIds(db));
    }

    [Fact]
    public async Task A_write_cancelled_while_it_waits_in_the_queue_never_runs()
    {
        await using var db = await SqliteTestDatabase.CreateAsync();
        await using var store = await OpenAsync(db);
        var held = await HoldTheWriterAsync(store);

        using var cancel = new CancellationTokenSource();
        var cancelled = store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(Tenant, [New()]), cancel.Token);
        var kept = Enqueue(store, 1);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        await held.ReleaseAsync();
        Assert.Equal((await kept).Executions.Select(e => e.Id).ToHashSet(), StoredExecutionIds(db));
    }

    [Fact]
    public async Task Disposal_flushes_the_writes_already_queued_and_refuses_later_ones()
    {
        await using var db = await SqliteTestDatabase.CreateAsync();
        var store = await OpenAsync(db);
        var held = await HoldTheWriterAsync(store);

        var queued = Enumerable.Range(0, 5).Select(_ => Enqueue(store, 1)).ToList();
        var disposing = store.DisposeAsync().AsTask();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Enqueue(store, 1));

        await held.ReleaseAsync();
        await disposing;
        var ids = (await Task.WhenAll(queued)).SelectMany(r => r.Executions).Select(e => e.Id).ToHashSet();
        Assert.Equal(ids, StoredExecutionIds(db));
    }

    [Fact]
    public async Task Writes_queued_behind_another_process_write_lock_fail_as_an_outage_and_the_writer_recovers()
    {
        await using var db = await SqliteTestDatabase.CreateAsync();
        await (await OpenAsync(db)).DisposeAsync(); // the tenant exists before the other process takes the lock

        await using var store = SqliteStore.Open(
            new SqliteStoreOptions { DatabasePath = db.Path, BusyTimeout = TimeSpan.FromMilliseconds(300) }, TimeProvider.System);
        await using (var other = new SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            await other.OpenAsync(Ct);
            await using (var begin = new SqliteCommand("BEGIN IMMEDIATE", other)) await begin.ExecuteNonQueryAsync(Ct);

            var writes = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enqueue(store, 1), Ct)).ToList();
            foreach (var write in writes)
            {
                var error = await Assert.ThrowsAsync<SqliteException>(() => write);
                Assert.True(store.IsOutage(error));
            }
        }

        var after = await Enqueue(store, 1);
        Assert.Equal(after.Executions.Select(e => e.Id).ToHashSet(), StoredExecutionIds(db));
    }

    [Fact]
    public async Task A_write_that_fails_after_moving_counted_rows_leaves_no_count_behind_in_its_flush_or_the_next()
    {
        // The status counters are written by the store at the end of each write (not by a trigger): a claim that
        // fails after its UPDATE (here its events cannot be inserted) must take its moves down with its savepoint,
        // and neither the writes beside it in the flush nor the next flush may write them.
        await using var db = await SqliteTestDatabase.CreateAsync();
        await using var store = await OpenAsync(db);
        await Enqueue(store, 20);
        Execute(db, """
            CREATE TRIGGER no_claimed_events BEFORE INSERT ON events WHEN new.type = 'execution.claimed'
            BEGIN SELECT RAISE(ABORT, 'no claimed events'); END
            """);
        var held = await HoldTheWriterAsync(store);

        var failing = store.ClaimExecutionsAsync(new ClaimExecutionsParams(Tenant, "w", ClaimFilter.Any, 300, 5), Ct);
        var beside = Enqueue(store, 3);
        await held.ReleaseAsync();

        await Assert.ThrowsAsync<SqliteException>(() => failing);
        await beside;
        Assert.Equal(CountedByStatus(db, "SELECT status, n FROM execution_counts"),
            CountedByStatus(db, "SELECT status, count(*) FROM executions GROUP BY status"));

        Execute(db, "DROP TRIGGER no_claimed_events");
        var claimed = await store.ClaimExecutionsAsync(new ClaimExecutionsParams(Tenant, "w", ClaimFilter.Any, 300, 4), Ct);
        await store.RecordOutcomesAsync(new RecordOutcomesParams(Tenant,
            [.. claimed.Take(2).Select(e => new OutcomeReport { ExecutionId = e.Id, WorkerId = "w", ClaimToken = e.ClaimToken, Success = true })],
            StrictOwnership: false), Ct);
        var handedOff = await store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(Tenant, [New()],
            HandOff: new ClaimExecutionsParams(Tenant, "w2", ClaimFilter.Any, 300, 2)), Ct);
        Assert.Equal(2, handedOff.HandedOff!.Count);
        Assert.Equal(CountedByStatus(db, "SELECT status, count(*) FROM executions GROUP BY status"),
            CountedByStatus(db, "SELECT status, n FROM execution_counts"));
    }

    [Fact]
    public async Task An_outcome_batch_that_reports_one_execution_twice_records_it_once_and_refuses_the_repeat()
    {
        // The batch completer groups single reports from many requests into one store call (one write here), so
        // one execution may be reported twice in a batch; its rows are read in one statement, each once.
        await using var db = await SqliteTestDatabase.CreateAsync();
        await using var store = await OpenAsync(db);
        await Enqueue(store, 2);
        var claimed = await store.ClaimExecutionsAsync(new ClaimExecutionsParams(Tenant, "w", ClaimFilter.Any, 300, 2), Ct);
        var reports = claimed.Concat(claimed.Take(1))
            .Select(e => new OutcomeReport { ExecutionId = e.Id, WorkerId = "w", ClaimToken = e.ClaimToken, Success = true });

        var results = await store.RecordOutcomesAsync(new RecordOutcomesParams(Tenant, [.. reports], StrictOwnership: false), Ct);

        Assert.Equal(["success", "success", "outcome_already_recorded"],
            results.Select(r => r.Error?.Code ?? r.Execution!.Status.ToName()));
        Assert.Equal("success=2", CountedByStatus(db, "SELECT status, n FROM execution_counts"));
    }

    [Fact]
    public async Task Writes_that_queue_while_a_flush_waits_out_another_process_lock_fail_with_it_without_a_wait_of_their_own()
    {
        await using var db = await SqliteTestDatabase.CreateAsync();
        await (await OpenAsync(db)).DisposeAsync();

        var busyTimeout = TimeSpan.FromSeconds(10);
        await using var store = SqliteStore.Open(
            new SqliteStoreOptions { DatabasePath = db.Path, BusyTimeout = busyTimeout }, TimeProvider.System);
        await using var other = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        await other.OpenAsync(Ct);
        await using (var begin = new SqliteCommand("BEGIN IMMEDIATE", other)) await begin.ExecuteNonQueryAsync(Ct);

        // The first write takes the idle writer and waits out the busy timeout in BEGIN IMMEDIATE; four more queue
        // behind it meanwhile.
        var first = Task.Run(() => Enqueue(store, 1), Ct);
        while (!store.WriterHeld || store.QueuedWrites > 0) await Task.Delay(10, Ct);
        var queued = Enumerable.Range(0, 4).Select(_ => Task.Run(() => Enqueue(store, 1), Ct)).ToList();
        while (store.QueuedWrites < queued.Count) await Task.Delay(10, Ct);

        Assert.True(store.IsOutage(await Assert.ThrowsAsync<SqliteException>(() => first)));
        // They are answered with the first write's outage, not after a busy timeout of their own: waiting half of one
        // is plenty for an answer that needs no wait (without it they would answer a whole busy timeout later).
        foreach (var write in queued)
        {
            var error = await Assert.ThrowsAsync<SqliteException>(() => write.WaitAsync(busyTimeout / 2, Ct));
            Assert.True(store.IsOutage(error));
        }

        Assert.Equal(0, store.QueuedWrites);
    }

    private static async Task<SqliteStore> OpenAsync(SqliteTestDatabase db)
    {
        var store = (SqliteStore)await db.OpenStoreAsync(TimeProvider.System);
        if (Count(db, $"SELECT count(*) FROM tenants WHERE id = '{Tenant}'") == 0)
        {
            await store.CreateTenantAsync(new CreateTenantParams(Tenant, "t1@example.com", "free", "hash-t1", "bt_t1"), Ct);
        }

        return store;
    }

    /// <summary>A write that holds the writer until released, so that the writes queued meanwhile wait together.</summary>
    private static async Task<HeldWriter> HoldTheWriterAsync(SqliteStore store)
    {
        var gate = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Task.Run(() => store.WriteAsync(_ =>
        {
            entered.SetResult();
            gate.Wait(Ct);
            return 0;
        }, Ct), Ct);
        await entered.Task;
        return new HeldWriter(gate, held);
    }

    private sealed record HeldWriter(ManualResetEventSlim Gate, Task Held)
    {
        public async Task ReleaseAsync()
        {
            Gate.Set();
            await Held;
            Gate.Dispose();
        }
    }

    /// <summary>Inserts the tenant <c>ghost</c>, then throws: nothing of it may be stored.</summary>
    private static Task<int> WriteThatFailsAfterChangingARow(SqliteStore store) =>
        store.WriteAsync<int>(tx =>
        {
            using var insert = new SqliteCommand(
                "INSERT INTO tenants (id, email, plan, created_at) VALUES ('ghost', 'ghost@example.com', 'free', 0)",
                tx.Connection, tx);
            insert.ExecuteNonQuery();
            throw new InvalidOperationException("this write fails after changing a row");
        }, Ct);

    private static Task<EnqueueResult> Enqueue(SqliteStore store, int count) =>
        store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(Tenant, [.. Enumerable.Range(0, count).Select(_ => New())]), Ct);

    private static HashSet<Guid> StoredExecutionIds(SqliteTestDatabase db)
    {
        using var c = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        c.Open();
        using var select = new SqliteCommand("SELECT id FROM executions", c);
        using var r = select.ExecuteReader();
        var ids = new HashSet<Guid>();
        while (r.Read()) ids.Add(Guid.Parse(r.GetString(0)));
        return ids;
    }

    /// <summary>(status, count) pairs as <paramref name="sql"/> reads them, summed by status, zeros left out.</summary>
    private static string CountedByStatus(SqliteTestDatabase db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        c.Open();
        using var select = new SqliteCommand(sql, c);
        using var r = select.ExecuteReader();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        while (r.Read()) counts[r.GetString(0)] = counts.GetValueOrDefault(r.GetString(0)) + r.GetInt64(1);
        return string.Join(", ", counts.Where(kv => kv.Value != 0).Select(kv => $"{kv.Key}={kv.Value}"));
    }

    private static void Execute(SqliteTestDatabase db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        c.Open();
        using var cmd = new SqliteCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    private static long Count(SqliteTestDatabase db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        c.Open();
        using var count = new SqliteCommand(sql, c);
        return (long)count.ExecuteScalar()!;
    }

    private static NewExecution New() => new()
    {
        Id = Guid.CreateVersion7(),
        Queue = "default",
        Task = "t",
        PayloadJson = "{}",
        ScheduledFor = DateTimeOffset.UtcNow.AddSeconds(-1),
        MaxAttempts = 3,
        TriggeredBy = "api",
    };
}

using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Baton.Testing;
using Npgsql;
using Xunit;

namespace Baton.Storage.Postgres.Tests;

/// <summary>
/// The classic gap: an event id is handed out at insert, but its transaction may commit after later ids have.
/// A reader that went by id alone would pass the held event and never see it.
/// </summary>
public sealed class EventOrderingTests(PostgresCluster cluster)
{
    [Fact]
    public async Task A_reader_does_not_skip_an_event_whose_transaction_commits_after_later_events()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await cluster.CreateDatabaseAsync();
        try
        {
            await using var store = PostgresStore.Open(new PostgresStoreOptions { ConnectionString = connectionString }, TimeProvider.System);
            await store.CreateTenantAsync(new CreateTenantParams("tnt_aaaaaaaaaaaa", "a@example.com", "p", "h", "bt_a"), ct);
            var first = await EnqueueAsync(store, "first", ct);

            // A writer opens its transaction, writes its event (taking an id) and holds on.
            await using var held = new NpgsqlConnection(connectionString);
            await held.OpenAsync(ct);
            await using var tx = await held.BeginTransactionAsync(ct);
            await using (var write = new NpgsqlCommand("""
                             UPDATE executions SET updated_at = now() WHERE id = @id;
                             INSERT INTO events (tenant_id, type, execution_id, status, at)
                             VALUES ('tnt_aaaaaaaaaaaa', 'execution.held', @id, 'pending', now());
                             """, held, tx))
            {
                write.Parameters.AddWithValue("@id", first.Id);
                await write.ExecuteNonQueryAsync(ct);
            }

            // Later writers commit events with higher ids meanwhile.
            var later = await EnqueueAsync(store, "later", ct);

            // Other tests' transactions elsewhere in the cluster can hold the line back too: read until it moves.
            var before = await ReadUntilAsync(store, null, 1, ct);
            Assert.Equal([first.Id], before.Events.Select(e => e.ExecutionId!.Value).ToArray());
            await Task.Delay(200, ct);
            Assert.Empty((await store.ReadEventsAsync(new ReadEventsParams("tnt_aaaaaaaaaaaa", before.NextCursor, EventFilter.All), ct)).Events);

            await tx.CommitAsync(ct);
            var after = await ReadUntilAsync(store, before.NextCursor, 2, ct);
            Assert.Equal(["execution.held", EventTypes.ExecutionCreated], after.Events.Select(e => e.Type).ToArray());
            Assert.Equal(later.Id, after.Events[1].ExecutionId);
            Assert.True(after.Events[0].Id > before.Events[0].Id);
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task The_stream_stays_in_order_when_transaction_ids_gain_a_digit()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await cluster.CreateDatabaseAsync();
        try
        {
            await using var store = PostgresStore.Open(new PostgresStoreOptions { ConnectionString = connectionString }, TimeProvider.System);
            await store.CreateTenantAsync(new CreateTenantParams("tnt_aaaaaaaaaaaa", "a@example.com", "p", "h", "bt_a"), ct);

            // Burn transaction ids until the next power of ten is a few writes away, so the events below are
            // written by transactions whose ids have different numbers of digits (e.g. 998, 999, 1000, 1001).
            await using (var c = new NpgsqlConnection(connectionString))
            {
                await c.OpenAsync(ct);
                await using var next = new NpgsqlCommand("SELECT pg_current_xact_id()::text::bigint", c);
                var current = (long)(await next.ExecuteScalarAsync(ct))!;
                var boundary = (long)Math.Pow(10, Math.Floor(Math.Log10(current)) + 1);
                for (var xid = current; xid < boundary - 3; xid++) await next.ExecuteScalarAsync(ct);
            }

            var written = new List<Guid>();
            for (var i = 0; i < 8; i++) written.Add((await EnqueueAsync(store, "t" + i, ct)).Id);

            var read = new List<BatonEvent>();
            string? cursor = null;
            while (read.Count < written.Count)
            {
                var page = await ReadUntilAsync(store, cursor, 1, ct, pageSize: 3);
                read.AddRange(page.Events);
                cursor = page.NextCursor;
            }

            Assert.Equal(written, read.Select(e => e.ExecutionId!.Value));
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>Reads after <paramref name="cursor"/> until at least <paramref name="count"/> events are visible.</summary>
    private static async Task<EventPage> ReadUntilAsync(
        PostgresStore store, string? cursor, int count, CancellationToken ct, int pageSize = 100)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var page = await store.ReadEventsAsync(new ReadEventsParams("tnt_aaaaaaaaaaaa", cursor, EventFilter.All, pageSize), ct);
            if (page.Events.Count >= Math.Min(count, pageSize) || clock.Elapsed > TimeSpan.FromSeconds(20)) return page;
            await Task.Delay(10, ct);
        }
    }

    private static async Task<Execution> EnqueueAsync(PostgresStore store, string task, CancellationToken ct) =>
        (await store.EnqueueExecutionsAsync(new EnqueueExecutionsParams("tnt_aaaaaaaaaaaa",
        [
            new NewExecution
            {
                Id = Guid.CreateVersion7(), Queue = "default", Task = task, PayloadJson = "{}",
                ScheduledFor = DateTimeOffset.UtcNow, MaxAttempts = 1, TriggeredBy = TriggeredBy.Api,
            },
        ]), ct)).Executions[0];
}

using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Baton.Testing;
using Npgsql;
using Xunit;

namespace Baton.Storage.Postgres.Tests;

/// <summary>
/// The classic gap: an event id is handed out at insert, but its transaction may commit after later ids have.
/// A reader that went by id alone would pass the held event and never see it. And the reason the log is numbered
/// by Baton: a reader must not wait on transactions that are not Baton's.
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

            // A later writer commits an event with a higher id meanwhile: it is readable at once, not held back.
            var later = await EnqueueAsync(store, "later", ct);
            var before = await store.ReadEventsAsync(new ReadEventsParams("tnt_aaaaaaaaaaaa", null, EventFilter.All), ct);
            Assert.Equal([first.Id, later.Id], before.Events.Select(e => e.ExecutionId!.Value).ToArray());

            // The held event, committed after the reader passed the later one, comes next rather than never.
            await tx.CommitAsync(ct);
            var after = await store.ReadEventsAsync(new ReadEventsParams("tnt_aaaaaaaaaaaa", before.NextCursor, EventFilter.All), ct);
            Assert.Equal(["execution.held"], after.Events.Select(e => e.Type).ToArray());
            Assert.True(after.Events[0].Id < before.Events[1].Id);
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task A_long_transaction_in_another_database_does_not_hold_back_readers()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await cluster.CreateDatabaseAsync();
        var otherDatabase = await cluster.CreateDatabaseAsync();
        try
        {
            await using var store = PostgresStore.Open(new PostgresStoreOptions { ConnectionString = connectionString }, TimeProvider.System);
            await store.CreateTenantAsync(new CreateTenantParams("tnt_aaaaaaaaaaaa", "a@example.com", "p", "h", "bt_a"), ct);

            // A stranger's transaction, with a transaction id, open for the whole test.
            await using var stranger = new NpgsqlConnection(otherDatabase);
            await stranger.OpenAsync(ct);
            await using var strangerTx = await stranger.BeginTransactionAsync(ct);
            await using (var hold = new NpgsqlCommand("CREATE TABLE t (x int); SELECT pg_current_xact_id()", stranger, strangerTx))
            {
                await hold.ExecuteNonQueryAsync(ct);
            }

            var written = await EnqueueAsync(store, "now", ct);
            var page = await store.ReadEventsAsync(new ReadEventsParams("tnt_aaaaaaaaaaaa", null, EventFilter.All), ct);
            Assert.Equal([written.Id], page.Events.Select(e => e.ExecutionId!.Value).ToArray());
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
            await cluster.DropDatabaseAsync(otherDatabase);
        }
    }

    [Fact]
    public async Task A_cursor_from_before_the_log_was_numbered_resumes_where_it_was()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await cluster.CreateDatabaseAsync();
        try
        {
            await using var store = PostgresStore.Open(new PostgresStoreOptions { ConnectionString = connectionString }, TimeProvider.System);
            await store.CreateTenantAsync(new CreateTenantParams("tnt_aaaaaaaaaaaa", "a@example.com", "p", "h", "bt_a"), ct);
            var written = new List<Guid>();
            for (var i = 0; i < 5; i++) written.Add((await EnqueueAsync(store, "t" + i, ct)).Id);
            var all = await store.ReadEventsAsync(new ReadEventsParams("tnt_aaaaaaaaaaaa", null, EventFilter.All), ct);

            // The old cursor of the second event: "tx_id-id", as SSE clients still hold it in Last-Event-ID.
            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync(ct);
            await using var position = new NpgsqlCommand("SELECT tx_id::text || '-' || id FROM events WHERE id = @id", c);
            position.Parameters.AddWithValue("@id", all.Events[1].Id);
            var legacy = (string)(await position.ExecuteScalarAsync(ct))!;

            var resumed = await store.ReadEventsAsync(new ReadEventsParams("tnt_aaaaaaaaaaaa", legacy, EventFilter.All), ct);
            Assert.Equal(written.Skip(2), resumed.Events.Select(e => e.ExecutionId!.Value));
            Assert.Equal(all.NextCursor, resumed.NextCursor);
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
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

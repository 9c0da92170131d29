using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>
/// SQLite has one writer at a time: a transaction holding the write lock makes every later writer wait, so
/// event ids are handed out in commit order and "id &gt; cursor" cannot skip a late commit.
/// </summary>
public sealed class EventOrderingTests
{
    [Fact]
    public async Task A_held_write_transaction_makes_later_events_wait_so_none_is_skipped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SqliteTestDatabase.CreateAsync();
        await using var store = await db.OpenStoreAsync(TimeProvider.System);
        await store.CreateTenantAsync(new CreateTenantParams("tnt_aaaaaaaaaaaa", "a@example.com", "p", "h", "bt_a"), ct);

        await using var held = new SqliteConnection($"Data Source={db.Path}");
        await held.OpenAsync(ct);
        await using var tx = held.BeginTransaction(deferred: false);
        await using (var write = held.CreateCommand())
        {
            write.Transaction = tx;
            write.CommandText = """
                INSERT INTO events (tenant_id, type, status, at) VALUES ('tnt_aaaaaaaaaaaa', 'execution.held', 'pending', 0)
                """;
            await write.ExecuteNonQueryAsync(ct);
        }

        // The driver's calls are synchronous underneath (SQLite has no async I/O), so wait on another thread.
        var later = Task.Run(() => store.EnqueueExecutionsAsync(new EnqueueExecutionsParams("tnt_aaaaaaaaaaaa",
        [
            new NewExecution
            {
                Id = Guid.CreateVersion7(), Queue = "default", PayloadJson = "{}", ScheduledFor = DateTimeOffset.UtcNow,
                MaxAttempts = 1, TriggeredBy = TriggeredBy.Api,
            },
        ]), ct), ct);
        await Task.Delay(300, ct);
        Assert.False(later.IsCompleted, "a later writer must wait for the held transaction");
        var during = await store.ReadEventsAsync(new ReadEventsParams("tnt_aaaaaaaaaaaa", null, EventFilter.All), ct);
        Assert.Empty(during.Events);

        await tx.CommitAsync(ct);
        await later;
        var after = await store.ReadEventsAsync(new ReadEventsParams("tnt_aaaaaaaaaaaa", during.NextCursor, EventFilter.All), ct);
        Assert.Equal(["execution.held", EventTypes.ExecutionCreated], after.Events.Select(e => e.Type).ToArray());
    }
}

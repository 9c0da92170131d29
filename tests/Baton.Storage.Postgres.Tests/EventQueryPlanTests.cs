using Baton.Core.Events;
using Baton.Core.Storage;
using Baton.Testing;
using Npgsql;
using Xunit;

namespace Baton.Storage.Postgres.Tests;

/// <summary>
/// A reader that has caught up asks whether anything past its cursor is still held back
/// (<see cref="PostgresStore.BehindSql"/>). That check runs every time a stream or the cue effects reach the head of
/// the log, so it must start at the cursor in a position index, never read the log from the start: under the generic
/// plan a prepared statement settles on, the <c>EXISTS</c> form it replaced was a sequential scan of every event.
/// </summary>
[Collection(BulkLoadCollection.Name)]
public sealed class EventQueryPlanTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("t1", false)]
    [InlineData("t1", true)]
    public async Task The_check_at_the_head_of_the_log_reads_a_position_index_from_the_cursor(
        string? tenantId, bool typed)
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync(ct);
            await using (var fill = new NpgsqlCommand("""
                             INSERT INTO events (tenant_id, type, at, data)
                             SELECT CASE WHEN i % 5 = 0 THEN 't2' ELSE 't1' END, 'execution.created', now(), '{}'
                             FROM generate_series(1, 50000) i;
                             ANALYZE events;
                             """, c))
            {
                await fill.ExecuteNonQueryAsync(ct);
            }

            var where = PostgresStore.EventTerms(new ReadEventsParams(
                tenantId, null, typed ? new EventFilter { Types = ["execution.failed"] } : EventFilter.All));
            var statement = PostgresStore.BehindSql(where)
                .Replace("@after_tx", "$1", StringComparison.Ordinal)
                .Replace("@after_id", "$2", StringComparison.Ordinal)
                .Replace("@types", "$4", StringComparison.Ordinal)
                .Replace("@t", "$3", StringComparison.Ordinal);
            await using (var prepare = new NpgsqlCommand(
                             "SET plan_cache_mode = force_generic_plan; " +
                             $"PREPARE behind (text, bigint, text, text[]) AS {statement}", c))
            {
                await prepare.ExecuteNonQueryAsync(ct);
            }

            string headTx;
            long headId;
            await using (var head = new NpgsqlCommand("SELECT max(tx_id)::text, max(id) FROM events", c))
            await using (var r = await head.ExecuteReaderAsync(ct))
            {
                await r.ReadAsync(ct);
                (headTx, headId) = (r.GetString(0), r.GetInt64(1));
            }

            await using var explain = new NpgsqlCommand(
                $"EXPLAIN (ANALYZE, BUFFERS) EXECUTE behind('{headTx}', {headId}, 't1', '{{execution.failed}}')", c);
            var plan = new List<string>();
            await using (var r = await explain.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct)) plan.Add(r.GetString(0));
            }

            var text = string.Join("\n", plan);
            Assert.Matches(@"Index (Only )?Scan using events_by_(tenant_)?position", text);
            Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
        }
    }
}

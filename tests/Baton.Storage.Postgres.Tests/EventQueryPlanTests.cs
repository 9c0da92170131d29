using Baton.Core.Events;
using Baton.Core.Storage;
using Baton.Testing;
using Npgsql;
using Xunit;

namespace Baton.Storage.Postgres.Tests;

/// <summary>
/// A reader that has caught up reads past its cursor every time a stream or the cue effects wake, and the sequencer
/// looks for unnumbered events before every read. Both must start where they are in an index, never read the log
/// from the start: under the generic plan a prepared statement settles on, a plan that sorts or scans the table
/// costs time that grows with the log.
/// </summary>
[Collection(BulkLoadCollection.Name)]
public sealed class EventQueryPlanTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("t1", false)]
    [InlineData("t1", true)]
    public async Task A_read_at_the_head_of_the_log_reads_a_position_index_from_the_cursor(string? tenantId, bool typed)
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync(ct);
            await FillAsync(c, ct);

            var statement = PostgresStore.ReadSql(new ReadEventsParams(
                    tenantId, null, typed ? new EventFilter { Types = ["execution.failed"] } : EventFilter.All))
                .Replace("@after", "$1", StringComparison.Ordinal)
                .Replace("@limit", "$2", StringComparison.Ordinal)
                .Replace("@types", "$4", StringComparison.Ordinal)
                .Replace("@t", "$3", StringComparison.Ordinal);
            await using (var prepare = new NpgsqlCommand(
                             "SET plan_cache_mode = force_generic_plan; " +
                             $"PREPARE head (bigint, int, text, text[]) AS {statement}", c))
            {
                await prepare.ExecuteNonQueryAsync(ct);
            }

            var text = await ExplainAsync(c, "EXECUTE head(49990, 100, 't1', '{execution.failed}')", ct);
            Assert.Matches(@"Index Scan using events_by_(tenant_)?seq", text);
            Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Sort", text, StringComparison.Ordinal);
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>
    /// Also when the statistics were taken in a burst, while a fifth of the log was not numbered yet: the planner
    /// then expects an unnumbered event within the first few rows of any scan, and a probe that leaves the order open
    /// was planned as a scan of the whole table (about 50 ms a probe at 100,000 events, seen in the dashboard bench),
    /// until the next ANALYZE.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_sequencer_finds_unnumbered_events_without_reading_numbered_ones(bool analyzedInABurst)
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync(ct);
            await FillAsync(c, ct);
            if (analyzedInABurst)
            {
                await using var burst = new NpgsqlCommand("""
                    UPDATE events SET seq = NULL WHERE seq > 40000;
                    ANALYZE events;
                    UPDATE events SET seq = id WHERE seq IS NULL;
                    """, c);
                await burst.ExecuteNonQueryAsync(ct);
            }

            var text = await ExplainAsync(c, EventSequencer.ProbeSql, ct);
            Assert.Contains("events_unnumbered", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>50,000 numbered events of two tenants.</summary>
    private static async Task FillAsync(NpgsqlConnection c, CancellationToken ct)
    {
        await using var fill = new NpgsqlCommand("""
                INSERT INTO events (tenant_id, type, at, data, seq)
                SELECT CASE WHEN i % 5 = 0 THEN 't2' ELSE 't1' END, 'execution.created', now(), '{}', i
                FROM generate_series(1, 50000) i;
                UPDATE event_sequence SET last = 50000;
                ANALYZE events;
                """, c);
        await fill.ExecuteNonQueryAsync(ct);
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection c, string statement, CancellationToken ct)
    {
        await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS) {statement}", c);
        var plan = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) plan.Add(r.GetString(0));
        }

        return string.Join("\n", plan);
    }
}

using Baton.Core.Storage;
using Baton.Testing;
using Npgsql;
using Xunit;

namespace Baton.Storage.Postgres.Tests;

/// <summary>
/// Every read of the dashboard's counts scans the counter deltas, a table without an index. A fold of a burst leaves
/// the rows it deleted in that table, dead, until a vacuum; so once folds have deleted many rows the store vacuums the
/// table itself rather than leaving every read to scan them until autovacuum comes.
/// </summary>
public sealed class CountsFoldTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Folds_vacuum_the_delta_table_once_they_have_deleted_many_rows_between_them()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(cluster);
        await using var store = await db.OpenStoreAsync(TimeProvider.System);
        await using var c = new NpgsqlConnection(db.ConnectionString);
        await c.OpenAsync(Ct);

        // Two folds short of the threshold together leave the table to autovacuum; the fold that reaches it vacuums.
        await AddDeltasAsync(c, PostgresStore.VacuumDeltasAfter / 2);
        await store.FoldCountsAsync(new FoldCountsParams(), Ct);
        await AddDeltasAsync(c, PostgresStore.VacuumDeltasAfter / 2 - 1);
        await store.FoldCountsAsync(new FoldCountsParams(), Ct);
        Assert.Equal(0, await VacuumsAsync(c));

        await AddDeltasAsync(c, 1);
        await store.FoldCountsAsync(new FoldCountsParams(), Ct);
        Assert.Equal(1, await VacuumsAsync(c));

        // And the count starts again after the vacuum.
        await AddDeltasAsync(c, 10);
        await store.FoldCountsAsync(new FoldCountsParams(), Ct);
        Assert.Equal(1, await VacuumsAsync(c));
        Assert.Equal(0L, await ScalarAsync(c, "SELECT count(*) FROM execution_count_deltas"));
    }

    /// <summary>Deltas that change no count (n = 0), as many as a burst would leave.</summary>
    private static async Task AddDeltasAsync(NpgsqlConnection c, int rows)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO execution_count_deltas (tenant_id, queue, task, run_id, status, n)
            SELECT 't1', 'default', '', NULL, 'pending', 0 FROM generate_series(1, @rows)
            """, c);
        cmd.Parameters.AddWithValue("rows", rows);
        await cmd.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>Manual vacuums of the delta table (autovacuum's are counted apart, in autovacuum_count).</summary>
    private static async Task<long> VacuumsAsync(NpgsqlConnection c)
    {
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", c)) await clear.ExecuteNonQueryAsync(Ct);
        return await ScalarAsync(c, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'execution_count_deltas'");
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection c, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}

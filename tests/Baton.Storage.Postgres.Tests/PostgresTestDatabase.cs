using Baton.Core.Storage;
using Baton.Storage.Conformance;
using Baton.Testing;
using Npgsql;

namespace Baton.Storage.Postgres.Tests;

/// <summary>A database copied from the cluster's migrated template, dropped after the test.</summary>
internal sealed class PostgresTestDatabase(PostgresCluster cluster, string connectionString) : ITestDatabase
{
    public string ConnectionString => connectionString;

    public static async Task<PostgresTestDatabase> CreateAsync(PostgresCluster cluster) =>
        new(cluster, await cluster.CreateDatabaseAsync());

    public async Task<IBatonStore> OpenStoreAsync(TimeProvider time)
    {
        var store = PostgresStore.Open(new PostgresStoreOptions { ConnectionString = connectionString }, time);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public async Task UndoCountersMigrationAsync()
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            DROP TABLE execution_counts, run_counts, runs, execution_count_deltas, finished_minutes;
            DROP TRIGGER executions_counted ON executions;
            DROP TRIGGER executions_recounted ON executions;
            DROP TRIGGER executions_uncounted ON executions;
            DROP FUNCTION count_inserted_executions(), count_changed_executions(), count_deleted_executions();
            DELETE FROM schema_migrations WHERE version IN (16, 17);
            """, c);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await cluster.DropDatabaseAsync(connectionString);
}

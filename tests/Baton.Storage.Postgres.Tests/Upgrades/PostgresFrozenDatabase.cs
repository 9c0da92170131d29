using System.Text;
using Baton.Core.Storage;
using Baton.Storage.Conformance.Upgrades;
using Baton.Testing;
using Npgsql;

namespace Baton.Storage.Postgres.Tests.Upgrades;

/// <summary>A database of the test cluster with no migration applied yet, dropped after the test.</summary>
internal sealed class PostgresFrozenDatabase(PostgresCluster cluster, string connectionString) : IFrozenDatabase
{
    public static async Task<PostgresFrozenDatabase> CreateAsync(PostgresCluster cluster) =>
        new(cluster, await cluster.CreateEmptyDatabaseAsync());

    private PostgresStoreOptions Options => new() { ConnectionString = connectionString };

    public Task MigrateToAsync(long version) => MigrateAsync(PostgresStore.Migrations.Where(m => m.Version <= version));

    public async Task WriteFixtureAsync(long version)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        await using (var cmd = new NpgsqlCommand(FixtureFiles.Read(typeof(PostgresFrozenDatabase).Assembly, version), c, tx))
        {
            await cmd.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    public Task MigrateWithPlantedAsync(string sql) =>
        MigrateAsync(PostgresStore.Migrations.Append((FixtureFiles.PlantedVersion, "planted", sql)));

    public async Task<string> DescribeSchemaAsync()
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
                   coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name;
            SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname;
            SELECT 'migration ' || version || ' ' || name FROM schema_migrations ORDER BY version;
            """, c);
        var schema = new StringBuilder();
        await using var r = await cmd.ExecuteReaderAsync();
        do
        {
            while (await r.ReadAsync()) schema.AppendLine(r.GetString(0));
        }
        while (await r.NextResultAsync());

        return schema.ToString();
    }

    public async Task<IBatonStore> OpenStoreAsync(TimeProvider time)
    {
        var store = PostgresStore.Open(Options, time);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public async ValueTask DisposeAsync() => await cluster.DropDatabaseAsync(connectionString);

    private async Task MigrateAsync(IEnumerable<(long Version, string Name, string Sql)> migrations)
    {
        await using var store = PostgresStore.Open(Options, TimeProvider.System);
        await store.ApplyMigrationsAsync(migrations, CancellationToken.None);
    }
}

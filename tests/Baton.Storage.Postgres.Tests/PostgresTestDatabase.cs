using Baton.Core.Storage;
using Baton.Storage.Conformance;
using Baton.Testing;

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

    public async ValueTask DisposeAsync() => await cluster.DropDatabaseAsync(connectionString);
}

using Baton.Storage.Conformance;
using Baton.Testing;

namespace Baton.Storage.Postgres.Tests;

public sealed class PostgresConformanceTests(PostgresCluster cluster) : StoreConformanceTests
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync(cluster);
}

using Baton.Storage.Conformance.Upgrades;
using Baton.Testing;

namespace Baton.Storage.Postgres.Tests.Upgrades;

public sealed class PostgresUpgradeInPlaceTests(PostgresCluster cluster) : UpgradeInPlaceTests
{
    protected override async Task<IFrozenDatabase> CreateDatabaseAsync() => await PostgresFrozenDatabase.CreateAsync(cluster);
}

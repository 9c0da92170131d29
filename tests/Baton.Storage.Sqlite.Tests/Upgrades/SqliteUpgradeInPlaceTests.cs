using Baton.Storage.Conformance.Upgrades;

namespace Baton.Storage.Sqlite.Tests.Upgrades;

public sealed class SqliteUpgradeInPlaceTests : UpgradeInPlaceTests
{
    protected override Task<IFrozenDatabase> CreateDatabaseAsync() => Task.FromResult<IFrozenDatabase>(new SqliteFrozenDatabase());
}

using Baton.Storage.Conformance;

namespace Baton.Storage.Sqlite.Tests;

public sealed class SqliteConformanceTests : StoreConformanceTests
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

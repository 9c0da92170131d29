using Baton.Core.Storage;

namespace Baton.Storage.Conformance.Upgrades;

/// <summary>
/// An empty database of one driver that the upgrade tests bring to an earlier schema version, fill with that
/// version's fixture file, and then upgrade the way the server does at start-up.
/// </summary>
public interface IFrozenDatabase : IAsyncDisposable
{
    /// <summary>Applies the driver's migrations up to and including <paramref name="version"/>, as that release did.</summary>
    Task MigrateToAsync(long version);

    /// <summary>Runs the fixture file of <paramref name="version"/>: plain SQL against that version's tables.</summary>
    Task WriteFixtureAsync(long version);

    /// <summary>
    /// Applies every migration and then <paramref name="sql"/> as one more, recorded like the others: what a release
    /// with a broken migration would do. Test-only: nothing outside the tests can add a migration.
    /// </summary>
    Task MigrateWithPlantedAsync(string sql);

    /// <summary>The tables, columns and indexes as the database describes them, and the applied versions.</summary>
    Task<string> DescribeSchemaAsync();

    /// <summary>Opens a store as the server starts one: <see cref="IBatonStore.MigrateAsync"/> first.</summary>
    Task<IBatonStore> OpenStoreAsync(TimeProvider time);
}

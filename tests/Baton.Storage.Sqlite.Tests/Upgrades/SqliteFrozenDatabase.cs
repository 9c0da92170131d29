using System.Text;
using Baton.Core.Storage;
using Baton.Storage.Conformance.Upgrades;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite.Tests.Upgrades;

/// <summary>A SQLite file with no migration applied yet, in a directory of its own, deleted after the test.</summary>
internal sealed class SqliteFrozenDatabase : IFrozenDatabase
{
    private readonly string _directory = TestFiles.NewDirectory();

    private SqliteStoreOptions Options => new() { DatabasePath = Path.Combine(_directory, "baton.db") };

    public Task MigrateToAsync(long version) => MigrateAsync(SqliteStore.Migrations.Where(m => m.Version <= version));

    public async Task WriteFixtureAsync(long version)
    {
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Options.DatabasePath }.ToString());
        await c.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = FixtureFiles.Read(typeof(SqliteFrozenDatabase).Assembly, version);
            await cmd.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    public Task MigrateWithPlantedAsync(string sql) =>
        MigrateAsync(SqliteStore.Migrations.Append((FixtureFiles.PlantedVersion, "planted", sql)));

    public async Task<string> DescribeSchemaAsync()
    {
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Options.DatabasePath }.ToString());
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText =
            "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema ORDER BY type, name; " +
            "SELECT 'migration ' || version || ' ' || name FROM schema_migrations ORDER BY version;";
        var schema = new StringBuilder();
        await using var r = await cmd.ExecuteReaderAsync();
        do
        {
            while (await r.ReadAsync()) schema.AppendLine(r.GetString(0));
        }
        while (await r.NextResultAsync());

        return schema.ToString();
    }

    public Task<IBatonStore> OpenStoreAsync(TimeProvider time) => TestFiles.OpenStoreAsync(Options.DatabasePath, time);

    public ValueTask DisposeAsync() => TestFiles.DeleteAsync(_directory);

    private async Task MigrateAsync(IEnumerable<(long Version, string Name, string Sql)> migrations)
    {
        await using var store = SqliteStore.Open(Options, TimeProvider.System);
        await store.ApplyMigrationsAsync(migrations, CancellationToken.None);
    }
}

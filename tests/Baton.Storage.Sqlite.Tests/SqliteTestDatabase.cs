using Baton.Core.Storage;
using Baton.Storage.Conformance;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>
/// A copy of a migrated template file per test: fresh isolation for the price of a file copy, not a migration.
/// </summary>
internal sealed class SqliteTestDatabase : ITestDatabase
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);
    private readonly string _directory;

    private SqliteTestDatabase(string directory) => _directory = directory;

    public string Path => System.IO.Path.Combine(_directory, "baton.db");

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        var template = await Template.Value;
        var db = new SqliteTestDatabase(TestFiles.NewDirectory());
        File.Copy(template, db.Path);
        return db;
    }

    public Task<IBatonStore> OpenStoreAsync(TimeProvider time) => TestFiles.OpenStoreAsync(Path, time);

    public async Task UndoCountersMigrationAsync()
    {
        await using var c = new SqliteConnection($"Data Source={Path}");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """
            DROP TRIGGER executions_counted; DROP TRIGGER executions_uncounted;
            DROP TRIGGER executions_run_counted; DROP TRIGGER executions_run_uncounted;
            DROP TABLE execution_counts; DROP TABLE run_counts; DROP TABLE runs;
            DELETE FROM schema_migrations WHERE version IN (16, 17);
            """;
        await cmd.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => TestFiles.DeleteAsync(_directory);

    private static async Task<string> CreateTemplateAsync()
    {
        var path = System.IO.Path.Combine(TestFiles.NewDirectory(), "template.db");
        await using (await TestFiles.OpenStoreAsync(path, TimeProvider.System)) { }

        // Closing the last connection checkpoints the WAL into the main file, so one file copy carries everything.
        SqliteConnection.ClearAllPools();
        return path;
    }
}

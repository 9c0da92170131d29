using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>What every test database file here shares: a directory of its own, a migrated store on it, and cleanup.</summary>
internal static class TestFiles
{
    /// <summary>A new, empty directory under the temp directory's <c>baton-tests</c>.</summary>
    public static string NewDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "baton-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Opens a store on <paramref name="databasePath"/> and applies the migrations it does not have yet.</summary>
    public static async Task<IBatonStore> OpenStoreAsync(string databasePath, TimeProvider time)
    {
        var store = SqliteStore.Open(new SqliteStoreOptions { DatabasePath = databasePath }, time);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary>Closes pooled connections and deletes <paramref name="directory"/>, as far as the OS lets it now.</summary>
    public static ValueTask DeleteAsync(string directory)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Another test's pooled connection may still be closing; the temp directory is cleaned by the OS.
        }

        return ValueTask.CompletedTask;
    }
}

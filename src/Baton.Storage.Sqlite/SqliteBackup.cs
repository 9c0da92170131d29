using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// Backup and restore of the embedded database with SQLite's online backup API. A backup may run while a server
/// writes: the copy is made in one step inside one read transaction, so it is the database as of one commit (WAL
/// lets the server keep writing meanwhile), never a torn file. Copying <c>baton.db</c> with <c>cp</c> instead
/// could miss commits still in <c>baton.db-wal</c> or catch a page mid-checkpoint.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Copies the live database at <paramref name="databasePath"/> to <paramref name="backupPath"/> (replaced).</summary>
    public static async Task BackupAsync(string databasePath, string backupPath, CancellationToken ct)
    {
        if (!File.Exists(databasePath)) throw new FileNotFoundException("No Baton database at " + databasePath, databasePath);
        var temporary = backupPath + ".partial";
        File.Delete(temporary);
        await using (var source = await OpenAsync(databasePath, SqliteOpenMode.ReadOnly, ct))
        await using (var target = await OpenAsync(temporary, SqliteOpenMode.ReadWriteCreate, ct))
        {
            source.BackupDatabase(target);
            // The copy keeps WAL mode in its header; make it one self-contained file.
            await using var single = target.CreateCommand();
            single.CommandText = "PRAGMA journal_mode = DELETE";
            await single.ExecuteNonQueryAsync(ct);
        }

        // Renamed into place only when complete, so a crash mid-backup never leaves a file that looks finished.
        File.Move(temporary, backupPath, overwrite: true);
    }

    /// <summary>
    /// Makes <paramref name="backupPath"/> the database at <paramref name="databasePath"/>. No server may be using that
    /// path. Refuses to replace an existing database unless <paramref name="replace"/>, and refuses a file that is not
    /// an intact SQLite database.
    /// </summary>
    public static async Task RestoreAsync(string backupPath, string databasePath, bool replace, CancellationToken ct)
    {
        if (!File.Exists(backupPath)) throw new FileNotFoundException("No backup at " + backupPath, backupPath);
        if (File.Exists(databasePath) && !replace)
        {
            throw new IOException($"{databasePath} exists; pass --force to replace it (stop the server first).");
        }

        await using (var check = await OpenAsync(backupPath, SqliteOpenMode.ReadOnly, ct))
        {
            await using var quick = check.CreateCommand();
            quick.CommandText = "PRAGMA quick_check";
            if (await quick.ExecuteScalarAsync(ct) is not "ok") throw new InvalidDataException(backupPath + " is damaged (quick_check failed).");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        // A WAL left by the database being replaced would be replayed into the restored file.
        foreach (var leftover in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" }) File.Delete(leftover);
        File.Copy(backupPath, databasePath);
    }

    private static async Task<SqliteConnection> OpenAsync(string path, SqliteOpenMode mode, CancellationToken ct)
    {
        // Pooling off: a pooled handle would keep the file open after the command returns (restore replaces files).
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        await connection.OpenAsync(ct);
        return connection;
    }
}

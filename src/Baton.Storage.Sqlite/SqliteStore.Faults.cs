using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore : IStoreFaults
{
    /// <summary>
    /// SQLite result codes that mean the file cannot be used now, though the request was fine: busy or locked past
    /// <c>busy_timeout</c> (another process holds it), out of memory, read-only (permissions changed under us), an
    /// I/O error, the disk full, the file gone or unopenable, a locking protocol failure.
    /// </summary>
    private static readonly HashSet<int> OutageCodes =
    [
        5, // SQLITE_BUSY
        6, // SQLITE_LOCKED
        7, // SQLITE_NOMEM
        8, // SQLITE_READONLY
        10, // SQLITE_IOERR
        13, // SQLITE_FULL
        14, // SQLITE_CANTOPEN
        15, // SQLITE_PROTOCOL
    ];

    public bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // The primary code: extended codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT…) carry it in the low byte.
            if (e is SqliteException s && OutageCodes.Contains(s.SqliteErrorCode & 0xFF)) return true;
        }

        return false;
    }
}

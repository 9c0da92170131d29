using Baton.Core.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Baton.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. SQLite has one writer, so every write goes through one
/// connection: writes are queued and committed in groups, in <c>BEGIN IMMEDIATE</c> transactions (the write lock
/// is taken up front, so a read-decide-write inside the transaction cannot race another process); see
/// <c>SqliteStore.GroupCommit.cs</c>. Reads use pooled connections, which WAL lets run beside the writer.
/// </summary>
public sealed partial class SqliteStore : IBatonStore
{
    private static readonly StoreCapabilities SqliteCapabilities = new("sqlite");

    private readonly string _readConnectionString;
    private readonly SqliteConnection _writer;
    /// <summary>Held by whoever runs flushes (one at a time), by disposal, and by the statement census for tests.</summary>
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _time;
    private int _disposed;

    private SqliteStore(SqliteStoreOptions options, TimeProvider time)
    {
        _time = time;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY for this long; another process may hold the write lock.
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        };
        _readConnectionString = builder.ToString();
        _writer = new SqliteConnection(builder.ToString());
        _writer.Open();
        _writer.Handle!.enable_sqlite3_next_stmt(true); // lets KeptStatementRecompilationsAsync walk its statements
        // temp_store = MEMORY: an UPDATE that may change several rows (a claim's `seq IN (…)`, an outcome batch,
        // RETURNING) works through SQLite's temporary storage. With the default, file-backed, a one-row claim
        // statement took ~1 ms; in memory 0.25 ms (measured, bench/analysis.md).
        using var pragmas = Db.Command(_writer,
            $"PRAGMA journal_mode = WAL; PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; " +
            "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; " +
            (options.SynchronousFull ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;"));
        pragmas.ExecuteNonQuery();
    }

    public StoreCapabilities Capabilities => SqliteCapabilities;

    /// <summary>Opens (creating if missing) the database file. Call <see cref="MigrateAsync"/> before use.</summary>
    public static SqliteStore Open(SqliteStoreOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath));
        if (directory is not null) Directory.CreateDirectory(directory);
        return new SqliteStore(options, time);
    }

    public Task MigrateAsync(CancellationToken ct) => ApplyMigrationsAsync(Migrations, ct);

    /// <summary>This driver's numbered migrations, in version order.</summary>
    internal static IEnumerable<(long Version, string Name, string Sql)> Migrations =>
        EmbeddedMigrations.Load(typeof(SqliteStore).Assembly, "Baton.Storage.Sqlite.Migrations.");

    /// <summary>
    /// Applies those of <paramref name="migrations"/> not yet recorded, in the order given, in one transaction. The
    /// upgrade tests pass a prefix of <see cref="Migrations"/> to leave a database as an earlier version did.
    /// </summary>
    internal Task ApplyMigrationsAsync(IEnumerable<(long Version, string Name, string Sql)> migrations, CancellationToken ct) =>
        WriteAsync(tx => ApplyMigrations(tx, migrations), ct);

    public Task PingAsync(CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, "SELECT 1");
        cmd.ExecuteScalar();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        // The container disposes the store once per interface it was registered under.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        // Waits for the flush in progress, which goes on while writes are queued: every write accepted before
        // disposal is flushed; later ones are refused. The lock is never released, so no flush starts again.
        await _writeLock.WaitAsync();
        while (_queue.TryDequeue(out var write)) write.Fail(new ObjectDisposedException(nameof(SqliteStore)));
        foreach (var cmd in _preparedWrites.Values) cmd.Dispose();
        await _writer.DisposeAsync();
    }

    /// <summary>
    /// The time a write works with, cut to the whole microseconds a row stores, so what the rules compute from it
    /// (finished_at, the next retry, …) is the value a later read returns.
    /// </summary>
    private DateTimeOffset Now(DateTimeOffset? now) => Db.Time(Db.Micros(now ?? _time.GetUtcNow()));

    private SqliteConnection OpenReader()
    {
        var c = new SqliteConnection(_readConnectionString);
        c.Open();
        return c;
    }

    private SqliteCommand WriteCommand(SqliteTransaction tx, string sql) => Db.Command(_writer, sql, tx);

    /// <summary>Most distinct statements <see cref="PreparedWriteCommand"/> keeps (claim texts vary with the filter's shape).</summary>
    private const int MaxPreparedWriteCommands = 64;

    private readonly Dictionary<string, SqliteCommand> _preparedWrites = new(StringComparer.Ordinal);

    /// <summary>
    /// A writer command kept across calls for the hot statements, so SQLite compiles each once rather than on
    /// every call (Microsoft.Data.Sqlite compiles per command object). Only under the write lock, one at a time per
    /// text; parameters come back cleared. Not to be disposed by the caller: the store owns it.
    /// </summary>
    private SqliteCommand PreparedWriteCommand(SqliteTransaction tx, string sql)
    {
        if (!_preparedWrites.TryGetValue(sql, out var cmd))
        {
            // Full (claims with many filter shapes): start over. The dropped commands are not disposed here, since
            // a caller in this transaction may still hold one; their statements are safe handles the GC finalizes.
            if (_preparedWrites.Count == MaxPreparedWriteCommands) _preparedWrites.Clear();

            cmd = _preparedWrites[sql] = Db.Command(_writer, sql);
        }

        cmd.Transaction = tx;
        cmd.Parameters.Clear();
        return cmd;
    }

    /// <summary>
    /// How many times SQLite has compiled the writer's kept statements (<see cref="PreparedWriteCommand"/>) again
    /// since each was first compiled. It stays zero while none of them binds a value its plan depends on, such as
    /// a <c>LIMIT</c> (<see cref="Db.Count"/>). It sums over every statement open on the writer connection; between
    /// writes those are the kept ones, since the others are disposed with their call. For tests.
    /// </summary>
    internal async Task<int> KeptStatementRecompilationsAsync()
    {
        const int reprepareCounter = 5; // SQLITE_STMTSTATUS_REPREPARE
        await _writeLock.WaitAsync();
        try
        {
            var total = 0;
            for (var stmt = raw.sqlite3_next_stmt(_writer.Handle, null); stmt is not null;
                 stmt = raw.sqlite3_next_stmt(_writer.Handle, stmt))
            {
                total += raw.sqlite3_stmt_status(stmt, reprepareCounter, 0);
            }

            return total;
        }
        finally
        {
            ReleaseWriteLock();
        }
    }

    private void ApplyMigrations(SqliteTransaction tx, IEnumerable<(long Version, string Name, string Sql)> migrations)
    {
        using (var create = WriteCommand(tx,
                   "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)"))
        {
            create.ExecuteNonQuery();
        }

        var applied = new HashSet<long>();
        using (var read = WriteCommand(tx, "SELECT version FROM schema_migrations"))
        using (var r = read.ExecuteReader())
        {
            while (r.Read()) applied.Add(r.GetInt64(0));
        }

        foreach (var (version, name, sql) in migrations)
        {
            if (applied.Contains(version)) continue;
            using (var migrate = WriteCommand(tx, sql)) migrate.ExecuteNonQuery();
            using var record = WriteCommand(tx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $t)")
                .With("$v", version).With("$n", name).With("$t", Db.Micros(_time.GetUtcNow()));
            record.ExecuteNonQuery();
        }
    }
}

using Baton.Core.Storage;
using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>
/// The store for many server nodes sharing one PostgreSQL. Claims use <c>FOR UPDATE SKIP LOCKED</c>, so
/// concurrent claimers on any node never wait on or double-take a row; decided transitions lock the row
/// (<c>SELECT … FOR UPDATE</c>) and write a compare-and-set. Statements are auto-prepared by Npgsql.
/// </summary>
public sealed partial class PostgresStore : IBatonStore
{
    /// <summary>Serialises migrations when several nodes start at once (any constant unique to Baton).</summary>
    private const long MigrationLockKey = 0x42_61_74_6F_6E_4D_69;

    private static readonly StoreCapabilities PostgresCapabilities = new("postgres");

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly EventSequencer _sequencer;

    private PostgresStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
        _sequencer = new EventSequencer(dataSource);
    }

    public StoreCapabilities Capabilities => PostgresCapabilities;

    public static PostgresStore Open(PostgresStoreOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PostgresStore(CreateDataSource(options), time);
    }

    /// <summary>The connection pool settings every Baton connection uses (the notifier's listener included).</summary>
    public static NpgsqlDataSource CreateDataSource(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            // Hot statements are few and fixed: prepare them server-side after their second use.
            MaxAutoPrepare = 100,
            AutoPrepareMinUsages = 2,
            // Baton keeps no session state on pooled connections (no SET, no session advisory locks, no temp
            // tables; LISTEN lives on the notifier's own connection until it breaks), so the reset Npgsql
            // otherwise sends on every reuse is waste: it runs as a transaction of its own, which doubled the
            // idle server's commits (8.6/s measured, half of them resets) and every request's statement count.
            NoResetOnClose = true,
        };
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "baton";
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public Task MigrateAsync(CancellationToken ct) => ApplyMigrationsAsync(Migrations, ct);

    /// <summary>This driver's numbered migrations, in version order.</summary>
    internal static IEnumerable<(long Version, string Name, string Sql)> Migrations =>
        EmbeddedMigrations.Load(typeof(PostgresStore).Assembly, "Baton.Storage.Postgres.Migrations.");

    /// <summary>
    /// Applies those of <paramref name="migrations"/> not yet recorded, in the order given, in one transaction. The
    /// upgrade tests pass a prefix of <see cref="Migrations"/> to leave a database as an earlier version did.
    /// </summary>
    internal async Task ApplyMigrationsAsync(IEnumerable<(long Version, string Name, string Sql)> migrations, CancellationToken ct)
    {
        await using var c = await _dataSource.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@k)", c, tx).With("@k", MigrationLockKey))
        {
            await lockCmd.ExecuteNonQueryAsync(ct);
        }

        await using (var create = new NpgsqlCommand(
                         "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)",
                         c, tx))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        var applied = new HashSet<long>();
        await using (var read = new NpgsqlCommand("SELECT version FROM schema_migrations", c, tx))
        await using (var r = await read.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) applied.Add(r.GetInt64(0));
        }

        foreach (var (version, name, sql) in migrations)
        {
            if (applied.Contains(version)) continue;
            await using (var migrate = new NpgsqlCommand(sql, c, tx)) await migrate.ExecuteNonQueryAsync(ct);
            await using var record = new NpgsqlCommand(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, now())", c, tx)
                .With("@v", version).With("@n", name);
            await record.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    public async Task PingAsync(CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT 1");
        await cmd.ExecuteScalarAsync(ct);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private DateTimeOffset Now(DateTimeOffset? now) => Pg.Micros(now ?? _time.GetUtcNow());

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits; an exception rolls it back. A transaction
    /// whose id turned out older than an execution's last event writer (<see cref="StaleTransactionException"/>)
    /// is retried with a fresh, younger one.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(
        Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var c = await _dataSource.OpenConnectionAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            try
            {
                var result = await work(c, tx);
                await tx.CommitAsync(ct);
                return result;
            }
            catch (StaleTransactionException) when (attempt < 10)
            {
                await tx.RollbackAsync(ct);
            }
        }
    }
}

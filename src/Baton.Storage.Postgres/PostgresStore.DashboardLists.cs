using Baton.Core.Alerts;
using Baton.Core.Cues;
using Baton.Core.Dashboard;
using Baton.Core.Runs;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

/// <summary>
/// The dashboard's short lists (runs, cues, alerts) by keyset: each page starts where the last one ended, so it
/// costs the same on the last page as on the first, and fetches one row more than it shows to know if another
/// page follows.
/// </summary>
public sealed partial class PostgresStore
{
    public async Task<RunSlice> ListRunSliceAsync(ListRunSliceParams p, CancellationToken ct)
    {
        // Runs have no table of their own: a run is its executions grouped by run_id (executions_by_run). One scan
        // groups every run of the tenant (for the page and for the total together: a second scan for the count
        // doubled the page's time at 100,000 executions); the keyset keeps the runs strictly after the cursor in
        // (latest activity DESC, run_id) order. run_id compares in the "C" collation, byte order, so the order
        // matches RunStatusRow.Fold's ordinal one whatever the database's collation.
        await using var page = _dataSource.CreateCommand($"""
                WITH runs AS MATERIALIZED (
                    SELECT run_id, max(updated_at) AS at FROM executions
                    WHERE tenant_id = @t AND run_id IS NOT NULL GROUP BY run_id),
                page AS (
                    SELECT run_id FROM runs
                    WHERE @after_at::timestamptz IS NULL OR at < @after_at
                        OR (at = @after_at AND run_id COLLATE "C" > @after_run)
                    ORDER BY at DESC, run_id COLLATE "C" LIMIT @limit)
                SELECT {RunGroupColumns}, (SELECT count(*) FROM runs) FROM executions
                WHERE tenant_id = @t AND run_id IN (SELECT run_id FROM page)
                GROUP BY run_id, status
                """)
            .With("@t", p.TenantId).With("@after_at", NpgsqlDbType.TimestampTz, Pg.Micros(p.After?.LastActivityAt))
            .With("@after_run", NpgsqlDbType.Text, p.After?.RunId).With("@limit", p.Limit + 1);
        long? total = null;
        var runs = RunStatusRow.Fold(await ReadRunRowsAsync(page, ct, n => total = n));
        return KeysetPage.CutRuns(runs, total ?? await CountRunsAsync(p.TenantId, ct), p.Limit);
    }

    public async Task<CueSlice> ListCueSliceAsync(ListCueSliceParams p, CancellationToken ct)
    {
        await using var list = _dataSource.CreateCommand($"""
                SELECT {CueRows.Columns}, seq FROM cues WHERE tenant_id = @t AND (@before::bigint IS NULL OR seq < @before)
                ORDER BY seq DESC LIMIT @limit
                """)
            .With("@t", p.TenantId).With("@before", NpgsqlDbType.Bigint, p.BeforeSequence).With("@limit", p.Limit + 1);
        var cues = new List<(Cue, long)>();
        await using (var r = await list.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) cues.Add((CueRows.Read(r), r.GetInt64(r.FieldCount - 1)));
        }

        await using var count = _dataSource.CreateCommand("SELECT count(*) FROM cues WHERE tenant_id = @t").With("@t", p.TenantId);
        var (items, next) = KeysetPage.Cut(cues, p.Limit);
        return new CueSlice(items, (long)(await count.ExecuteScalarAsync(ct))!, next);
    }

    public async Task<AlertSlice> ListAlertSliceAsync(ListAlertSliceParams p, CancellationToken ct)
    {
        await using var list = _dataSource.CreateCommand($"""
                SELECT {AlertColumns}, seq FROM alerts WHERE tenant_id = @t AND (@before::bigint IS NULL OR seq < @before)
                ORDER BY seq DESC LIMIT @limit
                """)
            .With("@t", p.TenantId).With("@before", NpgsqlDbType.Bigint, p.BeforeSequence).With("@limit", p.Limit + 1);
        var alerts = new List<(Alert, long)>();
        await using (var r = await list.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) alerts.Add((ReadAlert(r), r.GetInt64(r.FieldCount - 1)));
        }

        await using var count = _dataSource.CreateCommand("SELECT count(*) FROM alerts WHERE tenant_id = @t").With("@t", p.TenantId);
        var (items, next) = KeysetPage.Cut(alerts, p.Limit);
        return new AlertSlice(items, (long)(await count.ExecuteScalarAsync(ct))!, next);
    }
}

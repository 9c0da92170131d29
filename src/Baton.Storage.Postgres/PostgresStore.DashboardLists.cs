using System.Globalization;
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
        // Runs come from the runs table (kept by the executions' triggers through deltas the leader folds) and the
        // runs of deltas not folded yet, merged in one statement (one snapshot). Activity only grows, so the page's
        // runs are among the table's first rows after the cursor plus the runs with deltas. The keyset is strictly
        // after the cursor in (latest activity DESC, run_id) order; run_id compares in the "C" collation, byte
        // order, so the order matches RunStatusRow.Fold's ordinal one whatever the database's collation.
        const string AfterCursor = """
            (@after_at::timestamptz IS NULL OR {0} < @after_at OR ({0} = @after_at AND run_id COLLATE "C" > @after_run))
            """;
        await using var page = _dataSource.CreateCommand($"""
                WITH d AS MATERIALIZED (
                    SELECT run_id, status, sum(n) AS n, min(first_created_at) AS fc, max(last_finished_at) AS lf,
                           max(last_changed_at) AS lc
                    FROM execution_count_deltas WHERE tenant_id = @t AND run_id IS NOT NULL GROUP BY run_id, status),
                d_runs AS (
                    SELECT run_id, sum(n) AS n, min(fc) AS fc, max(lf) AS lf, max(lc) AS lc FROM d GROUP BY run_id),
                candidates AS (
                    (SELECT run_id FROM runs WHERE tenant_id = @t AND {string.Format(CultureInfo.InvariantCulture, AfterCursor, "last_changed_at")}
                     ORDER BY last_changed_at DESC, run_id COLLATE "C" LIMIT @limit)
                    UNION SELECT run_id FROM d_runs),
                merged AS (
                    SELECT x.run_id, coalesce(r.executions, 0) + coalesce(d.n, 0) AS executions,
                           least(r.first_created_at, d.fc) AS fc, greatest(r.last_finished_at, d.lf) AS lf,
                           greatest(r.last_changed_at, d.lc) AS lc
                    FROM candidates x
                    LEFT JOIN runs r ON r.tenant_id = @t AND r.run_id = x.run_id
                    LEFT JOIN d_runs d ON d.run_id = x.run_id),
                page AS (
                    SELECT * FROM merged WHERE executions > 0 AND {string.Format(CultureInfo.InvariantCulture, AfterCursor, "lc")}
                    ORDER BY lc DESC, run_id COLLATE "C" LIMIT @limit),
                counts AS (
                    SELECT run_id, status, sum(n) AS n FROM (
                        SELECT run_id, status, n FROM run_counts WHERE tenant_id = @t AND run_id IN (SELECT run_id FROM page)
                        UNION ALL
                        SELECT run_id, status, n FROM d WHERE run_id IN (SELECT run_id FROM page)) u
                    GROUP BY run_id, status HAVING sum(n) > 0),
                total AS (
                    SELECT count(*) AS n FROM (
                        SELECT run_id FROM (
                            SELECT run_id, executions AS n FROM runs WHERE tenant_id = @t
                            UNION ALL
                            SELECT run_id, n FROM d_runs) u
                        GROUP BY run_id HAVING sum(n) > 0) t)
                SELECT p.run_id, k.status, k.n::bigint, coalesce(p.fc, p.lc), p.lf, p.lc, (SELECT n FROM total)
                FROM page p JOIN counts k ON k.run_id = p.run_id
                """)
            .With("@t", p.TenantId).With("@after_at", NpgsqlDbType.TimestampTz, Pg.Micros(p.After?.LastActivityAt))
            .With("@after_run", NpgsqlDbType.Text, p.After?.RunId).With("@limit", p.Limit + 1);
        long? total = null;
        var runs = RunStatusRow.Fold(await ReadRunRowsAsync(page, ct, n => total = n));
        if (total is null)
        {
            // A page past the end has no row to carry the total.
            await using var count = _dataSource.CreateCommand("""
                    SELECT count(*) FROM (
                        SELECT run_id FROM (
                            SELECT run_id, executions AS n FROM runs WHERE tenant_id = @t
                            UNION ALL
                            SELECT run_id, n FROM execution_count_deltas WHERE tenant_id = @t AND run_id IS NOT NULL) u
                        GROUP BY run_id HAVING sum(n) > 0) t
                    """).With("@t", p.TenantId);
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        return KeysetPage.CutRuns(runs, total.Value, p.Limit);
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

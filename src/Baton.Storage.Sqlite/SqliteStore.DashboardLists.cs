using Baton.Core.Alerts;
using Baton.Core.Cues;
using Baton.Core.Dashboard;
using Baton.Core.Runs;

namespace Baton.Storage.Sqlite;

/// <summary>
/// The dashboard's short lists (runs, cues, alerts) by keyset: each page starts where the last one ended, so it
/// costs the same on the last page as on the first, and fetches one row more than it shows to know if another
/// page follows. The counts are single index scans (no GROUP BY per page).
/// </summary>
public sealed partial class SqliteStore
{
    public Task<RunSlice> ListRunSliceAsync(ListRunSliceParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        // The runs and run_counts tables are kept by the executions' triggers. The WHERE term is the keyset:
        // strictly after the cursor in (latest activity DESC, run_id) order.
        using var page = Db.Command(c, $"""
                SELECT r.run_id, k.status, k.n, r.first_created_at, r.last_finished_at, r.last_changed_at
                FROM (SELECT * FROM runs
                      WHERE tenant_id = $t AND ($after_at IS NULL OR last_changed_at < $after_at
                          OR (last_changed_at = $after_at AND run_id > $after_run))
                      ORDER BY last_changed_at DESC, run_id LIMIT {Db.Count(p.Limit + 1)}) r
                JOIN run_counts k ON k.tenant_id = r.tenant_id AND k.run_id = r.run_id AND k.n > 0
                """)
            .With("$t", p.TenantId).With("$after_at", Db.Micros(p.After?.LastActivityAt))
            .With("$after_run", p.After?.RunId);
        var runs = RunStatusRow.Fold(ReadRunRows(page));
        using var total = Db.Command(c, "SELECT count(*) FROM runs WHERE tenant_id = $t").With("$t", p.TenantId);
        return Task.FromResult(KeysetPage.CutRuns(runs, (long)total.ExecuteScalar()!, p.Limit));
    }

    public Task<CueSlice> ListCueSliceAsync(ListCueSliceParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var list = Db.Command(c, $"""
                SELECT {CueRows.Columns}, seq FROM cues WHERE tenant_id = $t AND ($before IS NULL OR seq < $before)
                ORDER BY seq DESC LIMIT {Db.Count(p.Limit + 1)}
                """)
            .With("$t", p.TenantId).With("$before", p.BeforeSequence);
        var cues = new List<(Cue, long)>();
        using (var r = list.ExecuteReader())
        {
            while (r.Read()) cues.Add((CueRows.Read(r), r.GetInt64(r.FieldCount - 1)));
        }

        using var count = Db.Command(c, "SELECT count(*) FROM cues WHERE tenant_id = $t").With("$t", p.TenantId);
        var (items, next) = KeysetPage.Cut(cues, p.Limit);
        return Task.FromResult(new CueSlice(items, (long)count.ExecuteScalar()!, next));
    }

    public Task<AlertSlice> ListAlertSliceAsync(ListAlertSliceParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var list = Db.Command(c, $"""
                SELECT {AlertColumns}, seq FROM alerts WHERE tenant_id = $t AND ($before IS NULL OR seq < $before)
                ORDER BY seq DESC LIMIT {Db.Count(p.Limit + 1)}
                """)
            .With("$t", p.TenantId).With("$before", p.BeforeSequence);
        var alerts = new List<(Alert, long)>();
        using (var r = list.ExecuteReader())
        {
            while (r.Read()) alerts.Add((ReadAlert(r), r.GetInt64(r.FieldCount - 1)));
        }

        using var count = Db.Command(c, "SELECT count(*) FROM alerts WHERE tenant_id = $t").With("$t", p.TenantId);
        var (items, next) = KeysetPage.Cut(alerts, p.Limit);
        return Task.FromResult(new AlertSlice(items, (long)count.ExecuteScalar()!, next));
    }
}

using System.Globalization;
using Baton.Core.Dashboard;
using Baton.Core.Executions;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore : IDashboardQueries
{
    /// <summary>The statuses of unfinished work: the ones the partial claim and lease indexes cover.</summary>
    private const string ActiveStatuses = "status IN ('pending', 'retrying', 'delivering')";

    public Task<ExecutionSlice> ListExecutionSliceAsync(ListExecutionSliceParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, "");
        // Keyset on seq (the rowid, and the last column of every tenant index): a page costs the same at
        // row 100,000 as at row 1, where OFFSET walked every row before the page.
        var sql = $"SELECT {ExecutionRows.Columns} FROM executions WHERE tenant_id = $t" +
                  ClaimFilterSql.For(p.Filter, cmd, includeStatus: true);
        if (p.BeforeSequence is { } before)
        {
            sql += " AND seq < $before";
            cmd.With("$before", before);
        }

        if (!string.IsNullOrEmpty(p.TitleContains))
        {
            // instr, not LIKE: the text is matched literally, with no wildcards to escape.
            sql += " AND instr(lower(title), lower($title)) > 0";
            cmd.With("$title", p.TitleContains);
        }

        // One row more than the page says whether another page follows, without a count.
        cmd.CommandText = sql + " ORDER BY seq DESC LIMIT " + Db.Count(p.Limit + 1);
        cmd.With("$t", p.Filter.TenantId);
        var rows = ExecutionRows.ReadAll(cmd);
        var more = rows.Count > p.Limit;
        if (more) rows.RemoveAt(rows.Count - 1);
        return Task.FromResult(new ExecutionSlice(rows, more ? rows[^1].Sequence : null));
    }

    public Task<ExecutionCounts> CountExecutionsAsync(CountExecutionsParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, "").With("$t", p.TenantId);
        if (p.RunId is not null)
        {
            cmd.CommandText = "SELECT status, n FROM run_counts WHERE tenant_id = $t AND run_id = $r";
            cmd.With("$r", p.RunId);
        }
        else
        {
            cmd.CommandText = "SELECT status, sum(n) FROM execution_counts WHERE tenant_id = $t" +
                              (p.Queue is null ? "" : " AND queue = $q") + (p.Task is null ? "" : " AND task = $k") +
                              " GROUP BY status";
            if (p.Queue is not null) cmd.With("$q", p.Queue);
            if (p.Task is not null) cmd.With("$k", p.Task);
        }

        var byStatus = new Dictionary<ExecutionStatus, long>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) byStatus[ExecutionStatusNames.Parse(r.GetString(0))] = r.GetInt64(1);
        return Task.FromResult(ExecutionCounts.From(byStatus));
    }

    public Task<OverviewStats> GetOverviewStatsAsync(GetOverviewStatsParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        var byStatus = new Dictionary<ExecutionStatus, long>();
        using (var counts = Db.Command(c, "SELECT status, sum(n) FROM execution_counts WHERE tenant_id = $t GROUP BY status HAVING sum(n) <> 0")
                   .With("$t", p.TenantId))
        using (var r = counts.ExecuteReader())
        {
            while (r.Read()) byStatus[ExecutionStatusNames.Parse(r.GetString(0))] = r.GetInt64(1);
        }

        // Queue and task of the unfinished work from the same counters, totalled in Core (a missing task is counted
        // under '').
        var queues = new List<NamedCount>();
        var tasks = new List<NamedCount>();
        using (var active = Db.Command(c, $"""
                   SELECT queue, nullif(task, ''), n FROM execution_counts WHERE tenant_id = $t AND {ActiveStatuses} AND n <> 0
                   """).With("$t", p.TenantId))
        using (var r = active.ExecuteReader())
        {
            while (r.Read())
            {
                queues.Add(new NamedCount(r.GetString(0), r.GetInt64(2)));
                tasks.Add(new NamedCount(r.NullableString(1), r.GetInt64(2)));
            }
        }

        var byQueue = NamedCount.Largest(queues);
        var byTask = NamedCount.Largest(tasks);

        // The oldest first through executions_due, stopping at the tenant's first; by tenant and status it walked
        // every pending row of the tenant for their minimum.
        using var oldest = Db.Command(c, """
                SELECT available_at FROM executions INDEXED BY executions_due
                WHERE status IN ('pending', 'retrying') AND status = 'pending' AND tenant_id = $t
                ORDER BY available_at LIMIT 1
                """).With("$t", p.TenantId);
        var oldestPending = oldest.ExecuteScalar() is long micros ? Db.Time(micros) : (DateTimeOffset?)null;

        var since = Db.Micros(p.Now - p.Window);
        var minutes = new List<MinuteCounts>();
        // executions_finished is over every tenant; the window keeps the range small, the tenant term filters it.
        // Named, as the planner otherwise takes the tenant's equality and walks all of its executions.
        using (var perMinute = Db.Command(c, """
                   SELECT finished_at / 60000000 AS minute,
                          sum(status = 'success'), sum(status = 'failed')
                   FROM executions INDEXED BY executions_finished
                   WHERE finished_at >= $since AND finished_at IS NOT NULL AND tenant_id = $t
                   GROUP BY minute ORDER BY minute
                   """).With("$t", p.TenantId).With("$since", since))
        using (var r = perMinute.ExecuteReader())
        {
            while (r.Read()) minutes.Add(new MinuteCounts(Db.Time(r.GetInt64(0) * 60_000_000), r.GetInt64(1), r.GetInt64(2)));
        }

        var waits = new List<ClaimWait>();
        using (var wait = Db.Command(c, $"""
                   SELECT finished_at, started_at - max(scheduled_for, created_at)
                   FROM executions INDEXED BY executions_finished
                   WHERE finished_at >= $since AND finished_at IS NOT NULL AND tenant_id = $t AND started_at IS NOT NULL
                   ORDER BY finished_at DESC LIMIT {OverviewStats.MaxWaitSamples.ToString(CultureInfo.InvariantCulture)}
                   """).With("$t", p.TenantId).With("$since", since))
        using (var r = wait.ExecuteReader())
        {
            while (r.Read()) waits.Add(new ClaimWait(Db.Time(r.GetInt64(0)), Math.Max(0, r.GetInt64(1)) / 1_000_000.0));
        }

        return Task.FromResult(new OverviewStats(
            ExecutionCounts.From(byStatus), byQueue, byTask, oldestPending, minutes, waits));
    }

    public Task<string> GetEventHeadAsync(string tenantId, CancellationToken ct)
    {
        using var c = OpenReader();
        // One writer: ids are handed out in commit order, so the newest visible id is a safe place to start.
        using var cmd = Db.Command(c, "SELECT max(id) FROM events WHERE tenant_id = $t").With("$t", tenantId);
        return Task.FromResult(cmd.ExecuteScalar() is long id ? id.ToString(CultureInfo.InvariantCulture) : "");
    }
}

using System.Globalization;
using Baton.Core.Dashboard;
using Baton.Core.Executions;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore : IDashboardQueries
{
    public async Task<ExecutionSlice> ListExecutionSliceAsync(ListExecutionSliceParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand();
        // Keyset on seq, the last column of executions_by_tenant / _by_run / _by_cue: a page costs the same at
        // row 100,000 as at row 1, where OFFSET walked every row before the page.
        var sql = $"SELECT {ExecutionRows.Columns} FROM executions e WHERE e.tenant_id = @t" +
                  FilterSql.For(p.Filter, cmd, includeStatus: true);
        if (p.BeforeSequence is { } before)
        {
            sql += " AND e.seq < @before";
            cmd.With("@before", before);
        }

        if (!string.IsNullOrEmpty(p.TitleContains))
        {
            // strpos, not LIKE: the text is matched literally, with no wildcards to escape.
            sql += " AND strpos(lower(e.title), lower(@title)) > 0";
            cmd.With("@title", NpgsqlDbType.Text, p.TitleContains);
        }

        // One row more than the page says whether another page follows, without a count.
        cmd.CommandText = sql + " ORDER BY e.seq DESC LIMIT @limit";
        cmd.With("@t", p.Filter.TenantId).With("@limit", p.Limit + 1);
        var rows = (await ExecutionRows.ReadAllAsync(cmd, ct)).ToList();
        var more = rows.Count > p.Limit;
        if (more) rows.RemoveAt(rows.Count - 1);
        return new ExecutionSlice(rows, more ? rows[^1].Sequence : null);
    }

    public async Task<ExecutionCounts> CountExecutionsAsync(CountExecutionsParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand().With("@t", p.TenantId);
        if (p.RunId is not null)
        {
            cmd.CommandText = """
                SELECT status, sum(n)::bigint FROM (
                    SELECT status, n FROM run_counts WHERE tenant_id = @t AND run_id = @r
                    UNION ALL
                    SELECT status, n FROM execution_count_deltas WHERE tenant_id = @t AND run_id = @r) c
                GROUP BY status
                """;
            cmd.With("@r", p.RunId);
        }
        else
        {
            cmd.CommandText = $"SELECT status, sum(n)::bigint FROM {CountsOf("@t")} c WHERE true" +
                              (p.Queue is null ? "" : " AND queue = @q") + (p.Task is null ? "" : " AND task = @k") +
                              " GROUP BY status";
            if (p.Queue is not null) cmd.With("@q", p.Queue);
            if (p.Task is not null) cmd.With("@k", p.Task);
        }

        var byStatus = new Dictionary<ExecutionStatus, long>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) byStatus[ExecutionStatusNames.Parse(r.GetString(0))] = r.GetInt64(1);
        return ExecutionCounts.From(byStatus);
    }

    public async Task<OverviewStats> GetOverviewStatsAsync(GetOverviewStatsParams p, CancellationToken ct)
    {
        // All three counts from the counters the executions' triggers keep (a few rows per queue, task and status,
        // whatever the table's size): by status, and by status with queue and with task (GROUPING tells the sets
        // apart: 3 both left out, 1 task left out, 2 queue left out).
        var byStatus = new Dictionary<ExecutionStatus, long>();
        var queues = new List<NamedCount>();
        var tasks = new List<NamedCount>();
        await using (var counts = _dataSource.CreateCommand($"""
                         SELECT GROUPING(queue, task), status, queue, nullif(task, ''), sum(n)::bigint
                         FROM {CountsOf("@t")} c
                         GROUP BY GROUPING SETS ((status), (status, queue), (status, task)) HAVING sum(n) <> 0
                         """).With("@t", p.TenantId))
        await using (var r = await counts.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var status = ExecutionStatusNames.Parse(r.GetString(1));
                var n = r.GetInt64(4);
                switch (r.GetInt32(0))
                {
                    case 3: byStatus[status] = n; break;
                    case 1 when !status.IsTerminal(): queues.Add(new NamedCount(r.NullableString(2), n)); break;
                    case 2 when !status.IsTerminal(): tasks.Add(new NamedCount(r.NullableString(3), n)); break;
                }
            }
        }

        var byQueue = NamedCount.Largest(queues);
        var byTask = NamedCount.Largest(tasks);

        await using var oldest = _dataSource.CreateCommand(
                "SELECT min(available_at) FROM executions WHERE tenant_id = @t AND status = 'pending'")
            .With("@t", p.TenantId);
        var oldestPending = await oldest.ExecuteScalarAsync(ct) is DateTime at
            ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : (DateTimeOffset?)null;

        var since = Pg.Micros(p.Now - p.Window);
        var minutes = new List<MinuteCounts>();
        // From the finishes counted per minute on write (0017), folded and not yet folded in one snapshot: a few rows
        // per minute, where counting the executions fetched every row finished in the window.
        await using (var perMinute = _dataSource.CreateCommand("""
                         SELECT minute, coalesce(sum(n) FILTER (WHERE status = 'success'), 0)::bigint,
                                coalesce(sum(n) FILTER (WHERE status = 'failed'), 0)::bigint
                         FROM (SELECT minute, status, n FROM finished_minutes
                               WHERE tenant_id = @t AND minute >= date_trunc('minute', @since, 'UTC')
                               UNION ALL
                               SELECT finished_minute, status, n FROM execution_count_deltas
                               WHERE tenant_id = @t AND finished_minute >= date_trunc('minute', @since, 'UTC')) m
                         GROUP BY minute HAVING sum(n) <> 0 ORDER BY minute
                         """).With("@t", p.TenantId).With("@since", since))
        await using (var r = await perMinute.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) minutes.Add(new MinuteCounts(r.Time(0), r.GetInt64(1), r.GetInt64(2)));
        }

        var waits = new List<ClaimWait>();
        await using (var wait = _dataSource.CreateCommand($"""
                         SELECT finished_at, extract(epoch FROM started_at - greatest(scheduled_for, created_at))::float8
                         FROM executions
                         WHERE finished_at >= @since AND finished_at IS NOT NULL AND tenant_id = @t
                           AND started_at IS NOT NULL
                         ORDER BY finished_at DESC LIMIT {OverviewStats.MaxWaitSamples.ToString(CultureInfo.InvariantCulture)}
                         """).With("@t", p.TenantId).With("@since", since))
        await using (var r = await wait.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) waits.Add(new ClaimWait(r.Time(0), Math.Max(0, r.GetDouble(1))));
        }

        return new OverviewStats(ExecutionCounts.From(byStatus), byQueue, byTask, oldestPending, minutes, waits);
    }

    public async Task<string> GetEventHeadAsync(string tenantId, CancellationToken ct)
    {
        // The newest numbered event, without a numbering pass first: numbers are handed out in increasing order, so
        // every event not yet numbered (committed before this read or after) gets a larger seq, and a page following
        // the stream from here misses nothing. At worst it hears of a change its own render already showed, and
        // re-fetches once. A numbering pass here cost every live page ~40 ms after a burst of writes (its probe for
        // unnumbered rows walked the dead entries the burst left in the partial index until vacuum).
        await using var cmd = _dataSource.CreateCommand("SELECT max(seq) FROM events WHERE tenant_id = @t")
            .With("@t", tenantId);
        return await cmd.ExecuteScalarAsync(ct) is long seq ? FormatCursor(seq) : "";
    }

    /// <summary>
    /// The execution counters of tenant <paramref name="tenant"/> (a parameter name) as one row set: the folded
    /// counters and the deltas not folded yet, read in the same snapshot, so summing them is exact.
    /// </summary>
    private static string CountsOf(string tenant) => $"""
        (SELECT queue, task, status, n FROM execution_counts WHERE tenant_id = {tenant}
         UNION ALL
         SELECT queue, task, status, n FROM execution_count_deltas WHERE tenant_id = {tenant})
        """;
}

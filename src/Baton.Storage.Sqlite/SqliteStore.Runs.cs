using Baton.Core.Executions;
using Baton.Core.Runs;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string RunGroupColumns =
        "run_id, status, count(*), min(created_at), max(finished_at), max(updated_at)";

    public Task<RunSummary> GetRunAsync(GetRunParams p, CancellationToken ct)
    {
        // The run's own index, named: for the GROUP BY the planner preferred (tenant_id, status) and walked every
        // execution of the tenant.
        using var c = OpenReader();
        using var cmd = Db.Command(c,
                $"SELECT {RunGroupColumns} FROM executions INDEXED BY executions_by_run WHERE tenant_id = $t AND run_id = $r GROUP BY run_id, status")
            .With("$t", p.TenantId).With("$r", p.RunId);
        var runs = RunStatusRow.Fold(ReadRunRows(cmd));
        return Task.FromResult(runs.Count > 0 ? runs[0] : RunStatusRow.Empty(p.RunId));
    }

    public Task<RunPage> ListRunsAsync(ListRunsParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var page = Db.Command(c, $"""
                SELECT {RunGroupColumns} FROM executions
                WHERE tenant_id = $t AND run_id IN (
                    SELECT run_id FROM executions WHERE tenant_id = $t AND run_id IS NOT NULL
                    GROUP BY run_id ORDER BY max(updated_at) DESC, run_id LIMIT {Db.Count(p.Limit)} OFFSET {Db.Count(p.Offset)})
                GROUP BY run_id, status
                """)
            .With("$t", p.TenantId);
        var runs = RunStatusRow.Fold(ReadRunRows(page));
        using var total = Db.Command(c, "SELECT count(DISTINCT run_id) FROM executions WHERE tenant_id = $t AND run_id IS NOT NULL")
            .With("$t", p.TenantId);
        return Task.FromResult(new RunPage(runs, (long)total.ExecuteScalar()!));
    }

    private static List<RunStatusRow> ReadRunRows(SqliteCommand cmd)
    {
        var rows = new List<RunStatusRow>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            rows.Add(new RunStatusRow(r.GetString(0), ExecutionStatusNames.Parse(r.GetString(1)), r.GetInt64(2),
                Db.Time(r.GetInt64(3)), r.NullableTime(4), Db.Time(r.GetInt64(5))));
        }

        return rows;
    }
}

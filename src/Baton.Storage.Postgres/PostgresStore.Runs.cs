using Baton.Core.Executions;
using Baton.Core.Runs;
using Baton.Core.Storage;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string RunGroupColumns =
        "run_id, status, count(*), min(created_at), max(finished_at), max(updated_at)";

    public async Task<RunSummary> GetRunAsync(GetRunParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand(
                $"SELECT {RunGroupColumns} FROM executions WHERE tenant_id = @t AND run_id = @r GROUP BY run_id, status")
            .With("@t", p.TenantId).With("@r", p.RunId);
        var runs = RunStatusRow.Fold(await ReadRunRowsAsync(cmd, ct));
        return runs.Count > 0 ? runs[0] : RunStatusRow.Empty(p.RunId);
    }

    public async Task<RunPage> ListRunsAsync(ListRunsParams p, CancellationToken ct)
    {
        await using var page = _dataSource.CreateCommand($"""
                SELECT {RunGroupColumns} FROM executions
                WHERE tenant_id = @t AND run_id IN (
                    SELECT run_id FROM executions WHERE tenant_id = @t AND run_id IS NOT NULL
                    GROUP BY run_id ORDER BY max(updated_at) DESC, run_id LIMIT @limit OFFSET @offset)
                GROUP BY run_id, status
                """).With("@t", p.TenantId).With("@limit", p.Limit).With("@offset", p.Offset);
        var runs = RunStatusRow.Fold(await ReadRunRowsAsync(page, ct));
        return new RunPage(runs, await CountRunsAsync(p.TenantId, ct));
    }

    /// <summary>
    /// The tenant's runs, counted as groups: <c>count(DISTINCT run_id)</c> sorted every row's run_id first, about
    /// twice the time of hashing them.
    /// </summary>
    private async Task<long> CountRunsAsync(string tenantId, CancellationToken ct)
    {
        await using var count = _dataSource.CreateCommand("""
                SELECT count(*) FROM (
                    SELECT run_id FROM executions WHERE tenant_id = @t AND run_id IS NOT NULL GROUP BY run_id) runs
                """).With("@t", tenantId);
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Rows of <see cref="RunGroupColumns"/>; a statement that adds one more column (a total beside the rows)
    /// hands it to <paramref name="extra"/>.
    /// </summary>
    private static async Task<List<RunStatusRow>> ReadRunRowsAsync(
        NpgsqlCommand cmd, CancellationToken ct, Action<long>? extra = null)
    {
        var rows = new List<RunStatusRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add(new RunStatusRow(r.GetString(0), ExecutionStatusNames.Parse(r.GetString(1)), r.GetInt64(2),
                r.Time(3), r.NullableTime(4), r.Time(5)));
            extra?.Invoke(r.GetInt64(6));
        }

        return rows;
    }
}

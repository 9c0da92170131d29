using Baton.Core.Executions;
using Baton.Core.Storage;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    public async Task<IReadOnlyList<BacklogGroup>> GetBacklogAsync(GetBacklogParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("""
                SELECT queue, task, status, count(*),
                       min(available_at) FILTER (WHERE status IN ('pending', 'retrying') AND available_at <= @now)
                FROM executions
                WHERE status IN ('pending', 'delivering', 'retrying')
                GROUP BY queue, task, status
                """).With("@now", p.Now);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var groups = new List<BacklogGroup>();
        while (await r.ReadAsync(ct))
        {
            groups.Add(new BacklogGroup(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1),
                ExecutionStatusNames.Parse(r.GetString(2)), r.GetInt64(3), r.NullableTime(4)));
        }

        return groups;
    }
}

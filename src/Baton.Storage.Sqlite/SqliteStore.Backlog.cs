using Baton.Core.Executions;
using Baton.Core.Storage;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task<IReadOnlyList<BacklogGroup>> GetBacklogAsync(GetBacklogParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, """
                SELECT queue, task, status, count(*),
                       min(CASE WHEN status IN ('pending', 'retrying') AND available_at <= $now THEN available_at END)
                FROM executions
                WHERE status IN ('pending', 'delivering', 'retrying')
                GROUP BY queue, task, status
                """).With("$now", Db.Micros(p.Now));
        using var r = cmd.ExecuteReader();
        var groups = new List<BacklogGroup>();
        while (r.Read())
        {
            groups.Add(new BacklogGroup(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1),
                ExecutionStatusNames.Parse(r.GetString(2)), r.GetInt64(3), r.IsDBNull(4) ? null : Db.Time(r.GetInt64(4))));
        }

        return Task.FromResult<IReadOnlyList<BacklogGroup>>(groups);
    }
}

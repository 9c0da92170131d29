using Baton.Core.Executions;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// The counters kept on write (migrations 0016 and 0017) for status changes. Triggers count inserts and deletes;
/// a status change is counted here, in C#, because a per-row trigger upserted two counter rows for every row a
/// claim or an outcome batch changed (7–12 % of the store burn-down), where the batch moves one group by its size.
/// Every statement that changes an execution's status reports the change through <see cref="StatusMoved"/>, and
/// the group commit writes what one write moved at the end of that write, inside its savepoint
/// (<see cref="BeginCountedWrite"/>, <see cref="WriteCountedMoves"/>): a write that fails rolls its statements
/// back and its moves are dropped with them. <c>queue</c>, <c>task</c> and <c>run_id</c> are never updated, so a
/// status change is the only move there is.
/// </summary>
public sealed partial class SqliteStore
{
    private readonly Dictionary<(string Tenant, string Queue, string Task, string Status), long> _movedGroups = [];
    private readonly Dictionary<(string Tenant, string Run, string Status), long> _movedRuns = [];
    private readonly Dictionary<(string Tenant, string Run), (long ChangedAt, long? FinishedAt)> _changedRuns = [];

    private const string MoveGroupSql = """
        INSERT INTO execution_counts (tenant_id, queue, task, status, n) VALUES ($t, $q, $task, $s, $n)
        ON CONFLICT DO UPDATE SET n = n + excluded.n
        """;

    private const string MoveRunSql = """
        INSERT INTO run_counts (tenant_id, run_id, status, n) VALUES ($t, $r, $s, $n)
        ON CONFLICT DO UPDATE SET n = n + excluded.n
        """;

    private const string ChangeRunSql = """
        UPDATE runs SET last_changed_at = max(last_changed_at, $changed),
            last_finished_at = coalesce(max(last_finished_at, $finished), last_finished_at, $finished)
        WHERE tenant_id = $t AND run_id = $r
        """;

    /// <summary>
    /// <paramref name="after"/> was just written with a new status, moving it out of <paramref name="from"/>'s
    /// counts. Only on the writer, inside a write.
    /// </summary>
    private void StatusMoved(Execution after, ExecutionStatus from)
    {
        if (after.Status == from) return;
        var task = after.Task ?? ""; // a missing task is counted under '', as the insert trigger does
        Move(_movedGroups, (after.TenantId, after.Queue, task, from.ToName()), -1);
        Move(_movedGroups, (after.TenantId, after.Queue, task, after.Status.ToName()), 1);
        if (after.RunId is not { } run) return;
        Move(_movedRuns, (after.TenantId, run, from.ToName()), -1);
        Move(_movedRuns, (after.TenantId, run, after.Status.ToName()), 1);
        long changedAt = Db.Micros(after.UpdatedAt);
        long? finishedAt = after.FinishedAt is { } f ? Db.Micros(f) : null;
        if (_changedRuns.TryGetValue((after.TenantId, run), out var seen))
        {
            changedAt = Math.Max(changedAt, seen.ChangedAt);
            finishedAt = Later(finishedAt, seen.FinishedAt);
        }

        _changedRuns[(after.TenantId, run)] = (changedAt, finishedAt);
    }

    private static long? Later(long? a, long? b) => a is not { } x ? b : b is not { } y ? a : Math.Max(x, y);

    private static void Move<TKey>(Dictionary<TKey, long> moves, TKey key, long n) where TKey : notnull =>
        moves[key] = moves.GetValueOrDefault(key) + n;

    /// <summary>Forgets moves a write that failed left behind: its statements were rolled back.</summary>
    private void BeginCountedWrite()
    {
        _movedGroups.Clear();
        _movedRuns.Clear();
        _changedRuns.Clear();
    }

    /// <summary>Writes the moves of the write that just ran, in its transaction: one upsert per group it moved.</summary>
    private void WriteCountedMoves(SqliteTransaction tx)
    {
        foreach (var ((tenant, queue, task, status), n) in _movedGroups)
        {
            if (n == 0) continue;
            PreparedWriteCommand(tx, MoveGroupSql).With("$t", tenant).With("$q", queue).With("$task", task)
                .With("$s", status).With("$n", n).ExecuteNonQuery();
        }

        foreach (var ((tenant, run, status), n) in _movedRuns)
        {
            if (n == 0) continue;
            PreparedWriteCommand(tx, MoveRunSql).With("$t", tenant).With("$r", run).With("$s", status).With("$n", n)
                .ExecuteNonQuery();
        }

        foreach (var ((tenant, run), (changedAt, finishedAt)) in _changedRuns)
        {
            PreparedWriteCommand(tx, ChangeRunSql).With("$t", tenant).With("$r", run).With("$changed", changedAt)
                .With("$finished", finishedAt).ExecuteNonQuery();
        }

        BeginCountedWrite();
    }
}

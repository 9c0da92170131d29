using System.Text;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// Builds the optional filter terms of a claim or listing from constant fragments, binding every value as a
/// parameter. A separate statement per filter shape (rather than <c>$task IS NULL OR task = $task</c>) is what
/// lets SQLite's planner pick the matching partial index.
/// </summary>
internal static class ClaimFilterSql
{
    public static string For(ClaimFilter f, SqliteCommand cmd)
    {
        var sql = new StringBuilder();
        if (f.Tasks.Count == 1)
        {
            sql.Append(" AND task = $task0");
            cmd.With("$task0", f.Tasks[0]);
        }
        else if (f.Tasks.Count > 1)
        {
            sql.Append(" AND task IN (");
            for (var i = 0; i < f.Tasks.Count; i++)
            {
                sql.Append(i == 0 ? "$task" : ", $task").Append(i);
                cmd.With("$task" + i, f.Tasks[i]);
            }

            sql.Append(')');
        }

        if (f.Queue is not null)
        {
            sql.Append(" AND queue = $queue");
            cmd.With("$queue", f.Queue);
        }

        if (f.RunId is not null)
        {
            sql.Append(" AND run_id = $run_id");
            cmd.With("$run_id", f.RunId);
        }

        if (f.Agent is not null)
        {
            sql.Append(" AND agent = $agent");
            cmd.With("$agent", f.Agent);
        }

        AppendTags(sql, f.Tags, cmd);
        return sql.ToString();
    }

    public static string For(ListExecutionsParams p, SqliteCommand cmd, bool includeStatus)
    {
        var sql = new StringBuilder();
        void Term(string column, string name, object? value)
        {
            if (value is null) return;
            sql.Append(" AND ").Append(column).Append(" = ").Append(name);
            cmd.With(name, value);
        }

        Term("cue_id", "$cue_id", p.CueId);
        Term("claimed_by_worker", "$worker_id", p.WorkerId);
        Term("outcome_state", "$outcome_state", p.OutcomeState);
        Term("queue", "$queue", p.Queue);
        Term("task", "$task", p.Task);
        Term("run_id", "$run_id", p.RunId);
        Term("triggered_by", "$triggered_by", p.TriggeredBy);
        if (p.Tag is not null) AppendTags(sql, [p.Tag], cmd);
        if (includeStatus && p.Statuses.Count > 0)
        {
            sql.Append(" AND status IN (");
            for (var i = 0; i < p.Statuses.Count; i++)
            {
                sql.Append(i == 0 ? "$status" : ", $status").Append(i);
                cmd.With("$status" + i, p.Statuses[i].ToName());
            }

            sql.Append(')');
        }

        return sql.ToString();
    }

    private static void AppendTags(StringBuilder sql, IReadOnlyList<string> tags, SqliteCommand cmd)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM json_each(executions.tags) WHERE json_each.value = $tag").Append(i).Append(')');
            cmd.With("$tag" + i, tags[i]);
        }
    }
}

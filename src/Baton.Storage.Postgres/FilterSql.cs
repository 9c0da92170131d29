using System.Text;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

/// <summary>
/// Optional filter terms from constant fragments, every value a parameter. A separate statement per filter
/// shape (rather than <c>@task IS NULL OR task = @task</c>) lets the planner pick the matching partial index.
/// </summary>
internal static class FilterSql
{
    public static string For(ClaimFilter f, NpgsqlParameterCollection parameters)
    {
        var sql = new StringBuilder();
        if (f.Tasks.Count == 1)
        {
            sql.Append(" AND e.task = @task");
            parameters.With("@task", f.Tasks[0]);
        }
        else if (f.Tasks.Count > 1)
        {
            sql.Append(" AND e.task = ANY(@tasks)");
            parameters.With("@tasks", NpgsqlDbType.Array | NpgsqlDbType.Text, f.Tasks.ToArray());
        }

        Term(sql, parameters, "e.queue", "@queue", f.Queue);
        Term(sql, parameters, "e.run_id", "@run_id", f.RunId);
        Term(sql, parameters, "e.agent", "@agent", f.Agent);
        if (f.Tags.Count > 0)
        {
            sql.Append(" AND e.tags @> @tags");
            parameters.With("@tags", NpgsqlDbType.Array | NpgsqlDbType.Text, f.Tags.ToArray());
        }

        return sql.ToString();
    }

    public static string For(ListExecutionsParams p, NpgsqlCommand cmd, bool includeStatus)
    {
        var sql = new StringBuilder();
        Term(sql, cmd.Parameters, "e.cue_id", "@cue_id", p.CueId);
        Term(sql, cmd.Parameters, "e.claimed_by_worker", "@worker_id", p.WorkerId);
        Term(sql, cmd.Parameters, "e.outcome_state", "@outcome_state", p.OutcomeState);
        Term(sql, cmd.Parameters, "e.queue", "@queue", p.Queue);
        Term(sql, cmd.Parameters, "e.task", "@task", p.Task);
        Term(sql, cmd.Parameters, "e.run_id", "@run_id", p.RunId);
        Term(sql, cmd.Parameters, "e.triggered_by", "@triggered_by", p.TriggeredBy);
        if (p.Tag is not null)
        {
            sql.Append(" AND e.tags @> @tags");
            cmd.With("@tags", NpgsqlDbType.Array | NpgsqlDbType.Text, new[] { p.Tag });
        }

        if (includeStatus && p.Statuses.Count > 0)
        {
            sql.Append(" AND e.status = ANY(@statuses)");
            cmd.With("@statuses", NpgsqlDbType.Array | NpgsqlDbType.Text, p.Statuses.Select(s => s.ToName()).ToArray());
        }

        return sql.ToString();
    }

    private static void Term(
        StringBuilder sql, NpgsqlParameterCollection parameters, string column, string name, string? value)
    {
        if (value is null) return;
        sql.Append(" AND ").Append(column).Append(" = ").Append(name);
        parameters.With(name, value);
    }
}

using System.Globalization;
using System.Text;
using Baton.Core;
using Baton.Core.Events;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// Writes events inside the caller's write transaction, so they commit with the change: one statement for the
    /// whole batch (<see cref="JsonRows"/>), inserted in the order given, so their ids follow it.
    /// </summary>
    private void InsertEvents(SqliteTransaction tx, IEnumerable<NewEvent> events)
    {
        var rows = new JsonRows();
        foreach (var e in events)
        {
            rows.Row().Text(e.TenantId).Text(e.Type).Text(e.ExecutionId?.ToString("D")).Text(e.RunId).Text(e.CueId)
                .Text(e.Queue).Text(e.Status).Integer(Db.Micros(e.At)).Text(e.DataJson);
        }

        if (rows.Count == 0) return;
        PreparedWriteCommand(tx, """
            INSERT INTO events (tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
            SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8
            FROM jsonb_each($rows) ORDER BY key
            """).With("$rows", rows.ToString()).ExecuteNonQuery();
    }

    public Task<EventPage> ReadEventsAsync(ReadEventsParams p, CancellationToken ct)
    {
        var after = ParseCursor(p.AfterCursor);
        using var c = OpenReader();
        using var cmd = Db.Command(c, "");
        // Without a tenant this reads the whole log (ids are in commit order across tenants too).
        var sql = new StringBuilder(
            "SELECT id, tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data FROM events WHERE " +
            (p.TenantId is null ? "id > $after" : "tenant_id = $t AND id > $after"));
        cmd.With("$t", p.TenantId).With("$after", after);
        if (p.Filter.ExecutionId is { } id)
        {
            sql.Append(" AND execution_id = $execution_id");
            cmd.With("$execution_id", id.ToString("D"));
        }

        if (p.Filter.RunId is not null)
        {
            sql.Append(" AND run_id = $run_id");
            cmd.With("$run_id", p.Filter.RunId);
        }

        if (p.Filter.CueId is not null)
        {
            sql.Append(" AND cue_id = $cue_id");
            cmd.With("$cue_id", p.Filter.CueId);
        }

        if (p.Filter.Queue is not null)
        {
            sql.Append(" AND queue = $queue");
            cmd.With("$queue", p.Filter.Queue);
        }

        if (p.Filter.Types.Count > 0)
        {
            sql.Append(" AND type IN (");
            for (var i = 0; i < p.Filter.Types.Count; i++)
            {
                sql.Append(i == 0 ? "$type" : ", $type").Append(i);
                cmd.With("$type" + i, p.Filter.Types[i]);
            }

            sql.Append(')');
        }

        cmd.CommandText = sql.Append(" ORDER BY id LIMIT " + Db.Count(p.Limit)).ToString();
        var events = new List<BatonEvent>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var eventId = r.GetInt64(0);
                events.Add(new BatonEvent(eventId, eventId.ToString(CultureInfo.InvariantCulture), r.GetString(1),
                    r.GetString(2), r.IsDBNull(3) ? null : Guid.Parse(r.GetString(3)), r.NullableString(4),
                    r.NullableString(5), r.NullableString(6), r.NullableString(7), Db.Time(r.GetInt64(8)),
                    r.NullableString(9)));
            }
        }

        var next = events.Count > 0 ? events[^1].Cursor : after.ToString(CultureInfo.InvariantCulture);
        return Task.FromResult(new EventPage(events, next));
    }

    /// <summary>A SQLite cursor is the last event id read; an empty cursor starts at the beginning.</summary>
    private static long ParseCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return 0;
        return long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw Errors.InvalidCursor();
    }
}

using System.Globalization;
using System.Text;
using Baton.Core;
using Baton.Core.Events;
using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// Writes events in the caller's transaction with one multi-row insert. Always called after the transaction
    /// changed an execution row, so its transaction id was assigned before the events' ids were.
    /// </summary>
    private static async Task InsertEventsAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyCollection<NewEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        await using var cmd = new NpgsqlCommand("""
                INSERT INTO events (tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
                SELECT * FROM unnest(@tenant, @type, @execution_id, @run_id, @cue_id, @queue, @status, @at, @data)
                """, c, tx)
            .With("@tenant", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.TenantId).ToArray())
            .With("@type", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Type).ToArray())
            .With("@execution_id", NpgsqlDbType.Array | NpgsqlDbType.Uuid, events.Select(e => e.ExecutionId).ToArray())
            .With("@run_id", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.RunId).ToArray())
            .With("@cue_id", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.CueId).ToArray())
            .With("@queue", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Queue).ToArray())
            .With("@status", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Status).ToArray())
            .With("@at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, events.Select(e => Pg.Micros(e.At)).ToArray())
            .With("@data", NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.DataJson).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<EventPage> ReadEventsAsync(ReadEventsParams p, CancellationToken ct)
    {
        var (afterTx, afterId) = ParseCursor(p.AfterCursor);
        var where = EventTerms(p);
        NpgsqlCommand Command(string sql) => _dataSource.CreateCommand(sql)
            .With("@t", NpgsqlDbType.Text, p.TenantId).With("@after_tx", afterTx).With("@after_id", afterId)
            .With("@limit", p.Limit).With("@execution_id", NpgsqlDbType.Uuid, p.Filter.ExecutionId)
            .With("@run_id", NpgsqlDbType.Text, p.Filter.RunId).With("@cue_id", NpgsqlDbType.Text, p.Filter.CueId)
            .With("@queue", NpgsqlDbType.Text, p.Filter.Queue)
            .With("@types", NpgsqlDbType.Array | NpgsqlDbType.Text, p.Filter.Types.ToArray());

        // Only below the oldest running transaction: every event there has committed (or never will), so the
        // order (tx_id, id) below that line is final. Qualified: a bare "tx_id" in ORDER BY would bind to the
        // output column of that name, and sort as text.
        var events = new List<BatonEvent>();
        await using (var cmd = Command($"""
                         SELECT id, tx_id::text AS tx_text, tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data
                         FROM events
                         WHERE {where} AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
                         ORDER BY events.tx_id, events.id LIMIT @limit
                         """))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var eventId = r.GetInt64(0);
                events.Add(new BatonEvent(eventId, r.GetString(1) + "-" + eventId.ToString(CultureInfo.InvariantCulture),
                    r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetGuid(4), r.NullableString(5),
                    r.NullableString(6), r.NullableString(7), r.NullableString(8), r.Time(9), r.NullableString(10)));
            }
        }

        var next = events.Count > 0 ? events[^1].Cursor : FormatCursor(afterTx, afterId);
        if (events.Count > 0) return new EventPage(events, next, false);

        // Nothing below the line. Matching events past the cursor that this later snapshot sees were either held
        // back by an older running transaction or committed just now; their writers' wake-ups may already have
        // fired, so the reader must look again shortly instead of parking. The check repeats the read's terms
        // without the line: comparing with a second, later horizon instead would miss an event that the first
        // horizon held back and the second no longer does.
        await using var behind = Command(BehindSql(where));
        return new EventPage(events, next, await behind.ExecuteScalarAsync(ct) is not null);
    }

    /// <summary>The events past the cursor that <paramref name="p"/> asks for, with its parameters' names.</summary>
    internal static string EventTerms(ReadEventsParams p)
    {
        var where = new StringBuilder("(tx_id, id) > (@after_tx::xid8, @after_id)");
        // Without a tenant this reads the whole log (events_by_position); with one, events_by_tenant_position.
        if (p.TenantId is not null) where.Append(" AND tenant_id = @t");
        if (p.Filter.ExecutionId is not null) where.Append(" AND execution_id = @execution_id");
        if (p.Filter.RunId is not null) where.Append(" AND run_id = @run_id");
        if (p.Filter.CueId is not null) where.Append(" AND cue_id = @cue_id");
        if (p.Filter.Queue is not null) where.Append(" AND queue = @queue");
        if (p.Filter.Types.Count > 0) where.Append(" AND type = ANY(@types)");
        return where.ToString();
    }

    /// <summary>
    /// Whether any event matches <paramref name="where"/>: the first one in stream order, or no row. Not
    /// <c>EXISTS (…)</c>: PostgreSQL drops the order and limit inside an EXISTS, and its generic plan then guessed a
    /// third of the log past the cursor and read the whole table from the start, every time a reader caught up
    /// (43 ms at 90,000 events, growing with the log). Ordered like the position indexes, it reads from the cursor.
    /// </summary>
    internal static string BehindSql(string where) =>
        $"SELECT 1 FROM events WHERE {where} ORDER BY events.tx_id, events.id LIMIT 1";

    /// <summary>A PostgreSQL cursor is "tx_id-id" of the last event read; empty starts at the beginning.</summary>
    private static (string Tx, long Id) ParseCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return ("0", 0);
        var dash = cursor.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 &&
            ulong.TryParse(cursor.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var tx) &&
            long.TryParse(cursor.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return (tx.ToString(CultureInfo.InvariantCulture), id);
        }

        throw Errors.InvalidCursor();
    }

    private static string FormatCursor(string tx, long id) =>
        tx == "0" && id == 0 ? "" : tx + "-" + id.ToString(CultureInfo.InvariantCulture);
}

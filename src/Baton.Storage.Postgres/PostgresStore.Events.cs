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
        await using var cmd = _dataSource.CreateCommand();
        // Only below the oldest running transaction: every event there has committed (or never will), so the
        // order (tx_id, id) below that line is final.
        var sql = new StringBuilder("""
            SELECT id, tx_id::text AS tx_text, tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data
            FROM events
            WHERE (tx_id, id) > (@after_tx::xid8, @after_id)
              AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
            """);
        // Without a tenant this reads the whole log (events_by_position); with one, events_by_tenant_position.
        if (p.TenantId is not null) sql.Append(" AND tenant_id = @t");
        cmd.With("@t", NpgsqlDbType.Text, p.TenantId).With("@after_tx", afterTx).With("@after_id", afterId).With("@limit", p.Limit);
        if (p.Filter.ExecutionId is { } id)
        {
            sql.Append(" AND execution_id = @execution_id");
            cmd.With("@execution_id", id);
        }

        if (p.Filter.RunId is not null)
        {
            sql.Append(" AND run_id = @run_id");
            cmd.With("@run_id", p.Filter.RunId);
        }

        if (p.Filter.CueId is not null)
        {
            sql.Append(" AND cue_id = @cue_id");
            cmd.With("@cue_id", p.Filter.CueId);
        }

        if (p.Filter.Queue is not null)
        {
            sql.Append(" AND queue = @queue");
            cmd.With("@queue", p.Filter.Queue);
        }

        if (p.Filter.Types.Count > 0)
        {
            sql.Append(" AND type = ANY(@types)");
            cmd.With("@types", NpgsqlDbType.Array | NpgsqlDbType.Text, p.Filter.Types.ToArray());
        }

        // Qualified: a bare "tx_id" in ORDER BY would bind to an output column of that name, and sort as text.
        cmd.CommandText = sql.Append(" ORDER BY events.tx_id, events.id LIMIT @limit").ToString();
        var events = new List<BatonEvent>();
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
        var behind = events.Count == 0 && await AnyBehindHorizonAsync(p.TenantId, afterTx, afterId, ct);
        return new EventPage(events, next, behind);
    }

    /// <summary>
    /// Whether events past the cursor exist that an older running transaction still holds back. Their writers'
    /// wake-ups have already fired, so a reader must poll briefly instead of parking until the next one.
    /// </summary>
    private async Task<bool> AnyBehindHorizonAsync(string? tenantId, string afterTx, long afterId, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("""
                SELECT EXISTS (SELECT 1 FROM events
                    WHERE (tx_id, id) > (@after_tx::xid8, @after_id)
                      AND tx_id >= pg_snapshot_xmin(pg_current_snapshot())
                """ + (tenantId is null ? ")" : " AND tenant_id = @t)")).With("@t", NpgsqlDbType.Text, tenantId).With("@after_tx", afterTx).With("@after_id", afterId);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

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

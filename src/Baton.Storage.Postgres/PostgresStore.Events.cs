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
        var after = await ParseCursorAsync(p.AfterCursor, ct);

        // Read-your-writes, and the reason nothing outside Baton holds a reader back: once this returns, every
        // event committed before the call has its number, so the read below sees it. Waits only on Baton's own
        // short sequencing transactions (docs/architecture.md, "The event log").
        await _sequencer.NumberCommittedAsync(ct);

        await using var cmd = _dataSource.CreateCommand(ReadSql(p))
            .With("@t", NpgsqlDbType.Text, p.TenantId).With("@after", after)
            .With("@limit", p.Limit).With("@execution_id", NpgsqlDbType.Uuid, p.Filter.ExecutionId)
            .With("@run_id", NpgsqlDbType.Text, p.Filter.RunId).With("@cue_id", NpgsqlDbType.Text, p.Filter.CueId)
            .With("@queue", NpgsqlDbType.Text, p.Filter.Queue)
            .With("@types", NpgsqlDbType.Array | NpgsqlDbType.Text, p.Filter.Types.ToArray());
        var events = new List<BatonEvent>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                events.Add(new BatonEvent(r.GetInt64(0), r.GetInt64(1).ToString(CultureInfo.InvariantCulture),
                    r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetGuid(4), r.NullableString(5),
                    r.NullableString(6), r.NullableString(7), r.NullableString(8), r.Time(9), r.NullableString(10)));
            }
        }

        return new EventPage(events, events.Count > 0 ? events[^1].Cursor : FormatCursor(after));
    }

    /// <summary>
    /// The page <paramref name="p"/> asks for. Ordered like the position indexes so it reads from the cursor (a
    /// reader at the head of the log runs this on every wake-up). Qualified: a bare "seq" in ORDER BY would bind to
    /// the output column of that name.
    /// </summary>
    internal static string ReadSql(ReadEventsParams p) => $"""
        SELECT id, seq, tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data
        FROM events
        WHERE {EventTerms(p)}
        ORDER BY events.seq LIMIT @limit
        """;

    /// <summary>The events past the cursor that <paramref name="p"/> asks for, with its parameters' names.</summary>
    private static string EventTerms(ReadEventsParams p)
    {
        // Unnumbered events (seq NULL) never match: they are read once numbered, after everything numbered before.
        var where = new StringBuilder("seq > @after");
        // Without a tenant this reads the whole log (events_by_seq); with one, events_by_tenant_seq.
        if (p.TenantId is not null) where.Append(" AND tenant_id = @t");
        if (p.Filter.ExecutionId is not null) where.Append(" AND execution_id = @execution_id");
        if (p.Filter.RunId is not null) where.Append(" AND run_id = @run_id");
        if (p.Filter.CueId is not null) where.Append(" AND cue_id = @cue_id");
        if (p.Filter.Queue is not null) where.Append(" AND queue = @queue");
        if (p.Filter.Types.Count > 0) where.Append(" AND type = ANY(@types)");
        return where.ToString();
    }

    /// <summary>
    /// A PostgreSQL cursor is the <c>seq</c> of the last event read; empty starts at the beginning. A cursor from
    /// before the log was numbered ("tx_id-id", still held by SSE clients as <c>Last-Event-ID</c>) becomes the last
    /// number at or before that position: migration 0011 numbered the old log in that same (tx_id, id) order, and
    /// every event written since has a larger number, so the reader resumes exactly where it was.
    /// </summary>
    private async Task<long> ParseCursorAsync(string? cursor, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(cursor)) return 0;
        if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)) return seq;
        var dash = cursor.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 &&
            ulong.TryParse(cursor.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var tx) &&
            long.TryParse(cursor.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await using var map = _dataSource.CreateCommand(
                    "SELECT coalesce(max(seq), 0) FROM events WHERE (tx_id, id) <= (@tx::text::xid8, @id)")
                .With("@tx", tx.ToString(CultureInfo.InvariantCulture)).With("@id", id);
            return (long)(await map.ExecuteScalarAsync(ct))!;
        }

        throw Errors.InvalidCursor();
    }

    private static string FormatCursor(long seq) => seq == 0 ? "" : seq.ToString(CultureInfo.InvariantCulture);
}

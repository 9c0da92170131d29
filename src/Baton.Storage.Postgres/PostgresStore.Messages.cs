using Baton.Core;
using Baton.Core.Messaging;
using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    public async Task<SendMessageResult> SendMessageAsync(SendMessageParams p, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await InTransactionAsync((c, tx) => SendMessageAsync(c, tx, p, ct), ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation &&
                                              e.ConstraintName == "messages_idempotency" && attempt < 3)
            {
                // Two sends with one key raced and the other committed first: look again, and replay or refuse it.
            }
        }
    }

    private async Task<SendMessageResult> SendMessageAsync(NpgsqlConnection c, NpgsqlTransaction tx, SendMessageParams p, CancellationToken ct)
    {
        var now = Now(p.Now);
        var m = p.Message;
        if (m.IdempotencyKey is not null && await FindByIdempotencyKeyAsync(c, tx, m, now, ct) is { } existing)
        {
            return new SendMessageResult(existing, Existing: true);
        }

        var threadId = m.Id;
        if (m.ReplyTo is not null)
        {
            await using var parent = new NpgsqlCommand("SELECT thread_id FROM messages WHERE tenant_id = @t AND id = @id", c, tx)
                .With("@t", p.TenantId).With("@id", m.ReplyTo);
            threadId = await parent.ExecuteScalarAsync(ct) as string ?? throw Errors.MessageNotFound();
        }

        var due = m.SendAt is { } at && at > now ? Pg.Micros(at) : now;
        await using var insert = new NpgsqlCommand($"""
                INSERT INTO messages (id, tenant_id, from_agent_id, to_agent_id, thread_id, reply_to, subject, body, priority,
                                      expects_reply, reply_to_agent_id, delivery_state, metadata, idempotency_key,
                                      request_hash, execution_id, correlation_id, created_at, send_at, due_at, expires_at,
                                      push_state, push_next_at, announced)
                VALUES (@id, @t, @from, @to, @thread, @reply, @subject, @body, @prio, @expects, @rta, 'queued', @meta, @key,
                        @hash, @exec, @corr, @now, @sendAt, @due, @expires, @push, @pushAt, false)
                RETURNING {MessageRows.Columns}
                """, c, tx)
            .With("@id", m.Id).With("@t", p.TenantId).With("@from", m.FromAgentId).With("@to", m.ToAgentId)
            .With("@thread", threadId).With("@reply", NpgsqlDbType.Text, m.ReplyTo).With("@subject", NpgsqlDbType.Text, m.Subject)
            .With("@body", m.Body).With("@prio", m.Priority).With("@expects", m.ExpectsReply)
            .With("@rta", NpgsqlDbType.Text, m.ReplyToAgentId).With("@meta", NpgsqlDbType.Jsonb, m.MetadataJson)
            .With("@key", NpgsqlDbType.Text, m.IdempotencyKey).With("@hash", NpgsqlDbType.Text, m.RequestHash)
            .With("@exec", NpgsqlDbType.Uuid, m.ExecutionId).With("@corr", NpgsqlDbType.Text, m.CorrelationId)
            .With("@now", now).With("@sendAt", NpgsqlDbType.TimestampTz, Pg.NullableMicros(m.SendAt)).With("@due", due)
            .With("@expires", now + Messages.TimeToLive)
            .With("@push", NpgsqlDbType.Text, m.Push ? "pending" : null)
            .With("@pushAt", NpgsqlDbType.TimestampTz, m.Push ? due : null);
        var sent = (await MessageRows.ReadAllAsync(insert, now, ct))[0];
        var pushesEvents = due <= now && await AnnounceArrivalsAsync(c, tx, p.TenantId, m.ToAgentId, now, ct);
        return new SendMessageResult(sent, Existing: false, pushesEvents);
    }

    /// <summary>
    /// The sender's earlier message with this key: the same request within the window is a replay, another one a
    /// conflict. A key past the window is released (cleared on the old row) so the new message can take it.
    /// </summary>
    private static async Task<Message?> FindByIdempotencyKeyAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, NewMessage m, DateTimeOffset now, CancellationToken ct)
    {
        await using var find = new NpgsqlCommand($"""
                SELECT {MessageRows.Columns}, request_hash FROM messages
                WHERE from_agent_id = @from AND idempotency_key = @key FOR UPDATE
                """, c, tx)
            .With("@from", m.FromAgentId).With("@key", m.IdempotencyKey);
        Message existing;
        string? hash;
        await using (var r = await find.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return null;
            existing = MessageRows.Read(r, now);
            hash = r.NullableString(25);
        }

        if (existing.CreatedAt + Messages.IdempotencyWindow > now)
        {
            return hash == m.RequestHash ? existing : throw Errors.IdempotencyKeyConflict(m.IdempotencyKey!);
        }

        await using var release = new NpgsqlCommand("UPDATE messages SET idempotency_key = NULL WHERE id = @id", c, tx)
            .With("@id", existing.Id);
        await release.ExecuteNonQueryAsync(ct);
        return null;
    }

    public async Task<Message?> GetMessageAsync(GetMessageParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand($"SELECT {MessageRows.Columns} FROM messages WHERE tenant_id = @t AND id = @id")
            .With("@t", p.TenantId).With("@id", p.MessageId);
        return (await MessageRows.ReadAllAsync(cmd, Now(null), ct)).FirstOrDefault();
    }

    // The filter both listings share. A state list that names 'expired' also matches unacked messages past their
    // expiry (expiry is judged when read; no background pass rewrites rows), and other states never match those.
    private const string MessageFilter = """
        tenant_id = @t
        AND ((@expired AND delivery_state <> 'acked' AND (delivery_state = 'expired' OR expires_at <= @now))
             OR (delivery_state = ANY(@states) AND (expires_at > @now OR delivery_state = 'acked')))
        AND (@since::timestamptz IS NULL OR created_at > @since)
        AND (@thread::text IS NULL OR thread_id = @thread)
        """;

    public async Task<MessagePage> ReadInboxAsync(ReadInboxParams p, CancellationToken ct)
    {
        var now = Now(p.Now);
        var states = p.States.Count == 0 ? DeliveryStates.Unread : p.States;
        var where = MessageFilter + " AND to_agent_id = @agent AND due_at <= @now AND (@cp::text IS NULL OR from_agent_id = @cp)";
        NpgsqlCommand Bind(NpgsqlCommand cmd) => BindFilter(cmd, p.TenantId, states, now, p.Since, p.ThreadId)
            .With("@agent", p.AgentId).With("@cp", NpgsqlDbType.Text, p.CounterpartId);

        if (p.CountOnly)
        {
            await using var count = Bind(_dataSource.CreateCommand("SELECT count(*) FROM messages WHERE " + where));
            return new MessagePage([], (long)(await count.ExecuteScalarAsync(ct))!);
        }

        return await InTransactionAsync(async (c, tx) =>
        {
            // One statement: the page, locked, then the move of its queued rows. A concurrent read blocks on the
            // locked rows and, once this commits, re-checks them: the UPDATE's `delivery_state = 'queued'` is then
            // false, so it never moves (nor reports as new) a message this read moved.
            await using var read = Bind(new NpgsqlCommand($"""
                    WITH page AS (
                        SELECT seq, {MessageRows.Columns} FROM messages WHERE {where}
                        ORDER BY priority DESC, seq LIMIT @limit OFFSET @offset
                        FOR UPDATE
                    ), moved AS (
                        UPDATE messages m SET delivery_state = 'delivered', delivered_at = @now
                        FROM page WHERE m.seq = page.seq AND m.delivery_state = 'queued'
                        RETURNING m.seq
                    )
                    SELECT {MessageRows.Prefixed("page.")}, moved.seq IS NOT NULL
                    FROM page LEFT JOIN moved ON moved.seq = page.seq
                    ORDER BY page.priority DESC, page.seq
                    """, c, tx)).With("@limit", p.Limit).With("@offset", p.Offset);
            var items = new List<Message>();
            var moved = new HashSet<string>(StringComparer.Ordinal);
            await using (var r = await read.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    var message = MessageRows.Read(r, now);
                    if (r.GetBoolean(25))
                    {
                        moved.Add(message.Id);
                        message = message with { DeliveryState = DeliveryStates.Delivered, DeliveredAt = now };
                    }

                    items.Add(message);
                }
            }

            await using var count = Bind(new NpgsqlCommand("SELECT count(*) FROM messages WHERE " + where, c, tx));
            return new MessagePage(items, (long)(await count.ExecuteScalarAsync(ct))!) { NewlyDelivered = moved };
        }, ct);
    }

    public async Task<IReadOnlyList<Message>> ListExecutionMessagesAsync(ListExecutionMessagesParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand($"""
                SELECT {MessageRows.Columns} FROM messages WHERE tenant_id = @t AND execution_id = @exec
                ORDER BY seq LIMIT @limit
                """)
            .With("@t", p.TenantId).With("@exec", p.ExecutionId).With("@limit", p.Limit);
        return await MessageRows.ReadAllAsync(cmd, Now(null), ct);
    }

    public async Task<MessagePage> ListSentAsync(ListSentParams p, CancellationToken ct)
    {
        var now = Now(null);
        var states = p.States.Count == 0 ? DeliveryStates.All : p.States;
        var where = MessageFilter + " AND from_agent_id = @agent AND (@cp::text IS NULL OR to_agent_id = @cp)";
        NpgsqlCommand Bind(NpgsqlCommand cmd) => BindFilter(cmd, p.TenantId, states, now, p.Since, p.ThreadId)
            .With("@agent", p.AgentId).With("@cp", NpgsqlDbType.Text, p.CounterpartId);
        await using var count = Bind(_dataSource.CreateCommand("SELECT count(*) FROM messages WHERE " + where));
        var total = (long)(await count.ExecuteScalarAsync(ct))!;
        if (p.CountOnly) return new MessagePage([], total);

        await using var page = Bind(_dataSource.CreateCommand($"""
                SELECT {MessageRows.Columns} FROM messages WHERE {where}
                ORDER BY seq DESC LIMIT @limit OFFSET @offset
                """)).With("@limit", p.Limit).With("@offset", p.Offset);
        return new MessagePage(await MessageRows.ReadAllAsync(page, now, ct), total);
    }

    private static NpgsqlCommand BindFilter(
        NpgsqlCommand cmd, string tenantId, IReadOnlyList<string> states, DateTimeOffset now, DateTimeOffset? since, string? thread) =>
        cmd.With("@t", tenantId).With("@states", NpgsqlDbType.Array | NpgsqlDbType.Text, states.ToArray())
            .With("@expired", states.Contains(DeliveryStates.Expired)).With("@now", now)
            .With("@since", NpgsqlDbType.TimestampTz, Pg.NullableMicros(since)).With("@thread", NpgsqlDbType.Text, thread);

    public Task<Message> AdvanceMessageAsync(AdvanceMessageParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var now = Now(p.Now);
            await using var find = new NpgsqlCommand(
                    $"SELECT {MessageRows.Columns} FROM messages WHERE tenant_id = @t AND id = @id FOR UPDATE", c, tx)
                .With("@t", p.TenantId).With("@id", p.MessageId);
            var current = (await MessageRows.ReadAllAsync(find, now, ct)).FirstOrDefault() ?? throw Errors.MessageNotFound();
            if (!MessageTransitions.Allowed(current.DeliveryState, p.To)) return current;

            await using var update = new NpgsqlCommand($"""
                    UPDATE messages SET delivery_state = @to, delivered_at = coalesce(delivered_at, @now),
                        read_at = coalesce(read_at, @now), acked_at = CASE WHEN @to = 'acked' THEN @now ELSE acked_at END
                    WHERE id = @id
                    RETURNING {MessageRows.Columns}
                    """, c, tx)
                .With("@to", p.To).With("@now", now).With("@id", p.MessageId);
            return (await MessageRows.ReadAllAsync(update, now, ct))[0];
        }, ct);
}

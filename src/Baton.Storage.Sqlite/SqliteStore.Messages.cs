using Baton.Core;
using Baton.Core.Messaging;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task<SendMessageResult> SendMessageAsync(SendMessageParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var now = Now(p.Now);
            var m = p.Message;
            if (m.IdempotencyKey is not null && FindByIdempotencyKey(tx, m, now) is { } existing)
            {
                return new SendMessageResult(existing, Existing: true);
            }

            var threadId = m.Id;
            if (m.ReplyTo is not null)
            {
                using var parent = WriteCommand(tx, "SELECT thread_id FROM messages WHERE tenant_id = $t AND id = $id")
                    .With("$t", p.TenantId).With("$id", m.ReplyTo);
                threadId = parent.ExecuteScalar() as string ?? throw Errors.MessageNotFound();
            }

            var due = m.SendAt is { } at && at > now ? Db.Time(Db.Micros(at)) : now;
            using var insert = WriteCommand(tx, $"""
                    INSERT INTO messages (id, tenant_id, from_agent_id, to_agent_id, thread_id, reply_to, subject, body, priority,
                                          expects_reply, reply_to_agent_id, delivery_state, metadata, idempotency_key,
                                          request_hash, execution_id, correlation_id, created_at, send_at, due_at, expires_at,
                                          push_state, push_next_at, announced)
                    VALUES ($id, $t, $from, $to, $thread, $reply, $subject, $body, $prio, $expects, $rta, 'queued', $meta, $key,
                            $hash, $exec, $corr, $now, $sendAt, $due, $expires, $push, $pushAt, 0)
                    RETURNING {MessageRows.Columns}
                    """)
                .With("$id", m.Id).With("$t", p.TenantId).With("$from", m.FromAgentId).With("$to", m.ToAgentId)
                .With("$thread", threadId).With("$reply", m.ReplyTo).With("$subject", m.Subject).With("$body", m.Body)
                .With("$prio", m.Priority).With("$expects", m.ExpectsReply).With("$rta", m.ReplyToAgentId)
                .With("$meta", m.MetadataJson).With("$key", m.IdempotencyKey).With("$hash", m.RequestHash)
                .With("$exec", m.ExecutionId?.ToString("D")).With("$corr", m.CorrelationId).With("$now", Db.Micros(now))
                .With("$sendAt", Db.Micros(m.SendAt)).With("$due", Db.Micros(due))
                .With("$expires", Db.Micros(now + Messages.TimeToLive))
                .With("$push", m.Push ? "pending" : null).With("$pushAt", m.Push ? Db.Micros(due) : null);
            Message sent;
            using (var r = insert.ExecuteReader())
            {
                r.Read();
                sent = MessageRows.Read(r, now);
            }

            var pushesEvents = due <= now && AnnounceArrivals(tx, p.TenantId, m.ToAgentId, now);
            return new SendMessageResult(sent, Existing: false, pushesEvents);
        }, ct);

    /// <summary>
    /// The sender's earlier message with this key: the same request within the window is a replay, another one a
    /// conflict. A key past the window is released (cleared on the old row) so the new message can take it.
    /// </summary>
    private Message? FindByIdempotencyKey(SqliteTransaction tx, NewMessage m, DateTimeOffset now)
    {
        using var find = WriteCommand(tx, $"""
                SELECT {MessageRows.Columns}, request_hash FROM messages
                WHERE from_agent_id = $from AND idempotency_key = $key
                """)
            .With("$from", m.FromAgentId).With("$key", m.IdempotencyKey);
        Message? existing;
        string? hash;
        using (var r = find.ExecuteReader())
        {
            if (!r.Read()) return null;
            existing = MessageRows.Read(r, now);
            hash = r.NullableString(25);
        }

        if (existing.CreatedAt + Messages.IdempotencyWindow > now)
        {
            return hash == m.RequestHash ? existing : throw Errors.IdempotencyKeyConflict(m.IdempotencyKey!);
        }

        using var release = WriteCommand(tx, "UPDATE messages SET idempotency_key = NULL WHERE id = $id").With("$id", existing.Id);
        release.ExecuteNonQuery();
        return null;
    }

    public Task<Message?> GetMessageAsync(GetMessageParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, $"SELECT {MessageRows.Columns} FROM messages WHERE tenant_id = $t AND id = $id")
            .With("$t", p.TenantId).With("$id", p.MessageId);
        using var r = cmd.ExecuteReader();
        return Task.FromResult(r.Read() ? MessageRows.Read(r, Now(null)) : null);
    }

    // The filter both listings share. A state list that names 'expired' also matches unacked messages past their
    // expiry (expiry is judged when read; no background pass rewrites rows), and other states never match those.
    private const string MessageFilter = """
        tenant_id = $t
        AND (($expired AND delivery_state <> 'acked' AND (delivery_state = 'expired' OR expires_at <= $now))
             OR (delivery_state IN (SELECT value FROM json_each($states)) AND (expires_at > $now OR delivery_state = 'acked')))
        AND ($since IS NULL OR created_at > $since)
        AND ($thread IS NULL OR thread_id = $thread)
        """;

    public Task<MessagePage> ReadInboxAsync(ReadInboxParams p, CancellationToken ct)
    {
        var states = p.States.Count == 0 ? DeliveryStates.Unread : p.States;
        var where = MessageFilter + " AND to_agent_id = $agent AND due_at <= $now AND ($cp IS NULL OR from_agent_id = $cp)";
        SqliteCommand Bind(SqliteCommand cmd, DateTimeOffset now) => BindFilter(cmd, p.TenantId, states, now, p.Since, p.ThreadId)
            .With("$agent", p.AgentId).With("$cp", p.CounterpartId);

        if (p.CountOnly)
        {
            using var c = OpenReader();
            using var count = Bind(Db.Command(c, "SELECT count(*) FROM messages WHERE " + where), Now(p.Now));
            return Task.FromResult(new MessagePage([], (long)count.ExecuteScalar()!));
        }

        // One writer transaction: the page, then the move of its queued messages to delivered, under the write lock
        // every other reader's move also needs, so no two reads can both move one message.
        return WriteAsync(tx =>
        {
            var now = Now(p.Now);
            var items = new List<Message>();
            using (var page = Bind(WriteCommand(tx, $"""
                           SELECT {MessageRows.Columns} FROM messages WHERE {where}
                           ORDER BY priority DESC, seq LIMIT {Db.Count(p.Limit)} OFFSET {Db.Count(p.Offset)}
                           """), now))
            using (var r = page.ExecuteReader())
            {
                while (r.Read()) items.Add(MessageRows.Read(r, now));
            }

            var moved = new HashSet<string>(StringComparer.Ordinal);
            var queued = items.Where(m => m.DeliveryState == DeliveryStates.Queued).Select(m => m.Id).ToList();
            if (queued.Count > 0)
            {
                using var move = WriteCommand(tx, """
                        UPDATE messages SET delivery_state = 'delivered', delivered_at = $now
                        WHERE id IN (SELECT value FROM json_each($ids)) AND delivery_state = 'queued'
                        RETURNING id
                        """)
                    .With("$ids", Db.Json(queued)).With("$now", Db.Micros(now));
                using var r = move.ExecuteReader();
                while (r.Read()) moved.Add(r.GetString(0));
            }

            using var count = Bind(WriteCommand(tx, "SELECT count(*) FROM messages WHERE " + where), now);
            var total = (long)count.ExecuteScalar()!;
            var answered = items.Select(m => moved.Contains(m.Id)
                ? m with { DeliveryState = DeliveryStates.Delivered, DeliveredAt = now }
                : m).ToList();
            return new MessagePage(answered, total) { NewlyDelivered = moved };
        }, ct);
    }

    public Task<IReadOnlyList<Message>> ListExecutionMessagesAsync(ListExecutionMessagesParams p, CancellationToken ct)
    {
        var now = Now(null);
        using var c = OpenReader();
        using var cmd = Db.Command(c, $"""
                SELECT {MessageRows.Columns} FROM messages WHERE tenant_id = $t AND execution_id = $exec
                ORDER BY seq LIMIT {Db.Count(p.Limit)}
                """)
            .With("$t", p.TenantId).With("$exec", p.ExecutionId.ToString("D"));
        var items = new List<Message>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) items.Add(MessageRows.Read(r, now));
        return Task.FromResult<IReadOnlyList<Message>>(items);
    }

    public Task<MessagePage> ListSentAsync(ListSentParams p, CancellationToken ct)
    {
        var now = Now(null);
        var states = p.States.Count == 0 ? DeliveryStates.All : p.States;
        var where = MessageFilter + " AND from_agent_id = $agent AND ($cp IS NULL OR to_agent_id = $cp)";
        using var c = OpenReader();
        SqliteCommand Bind(SqliteCommand cmd) => BindFilter(cmd, p.TenantId, states, now, p.Since, p.ThreadId)
            .With("$agent", p.AgentId).With("$cp", p.CounterpartId);
        using var count = Bind(Db.Command(c, "SELECT count(*) FROM messages WHERE " + where));
        var total = (long)count.ExecuteScalar()!;
        if (p.CountOnly) return Task.FromResult(new MessagePage([], total));

        using var page = Bind(Db.Command(c, $"""
                SELECT {MessageRows.Columns} FROM messages WHERE {where}
                ORDER BY seq DESC LIMIT {Db.Count(p.Limit)} OFFSET {Db.Count(p.Offset)}
                """));
        var items = new List<Message>();
        using var r = page.ExecuteReader();
        while (r.Read()) items.Add(MessageRows.Read(r, now));
        return Task.FromResult(new MessagePage(items, total));
    }

    private static SqliteCommand BindFilter(
        SqliteCommand cmd, string tenantId, IReadOnlyList<string> states, DateTimeOffset now, DateTimeOffset? since, string? thread) =>
        cmd.With("$t", tenantId).With("$states", Db.Json(states)).With("$expired", states.Contains(DeliveryStates.Expired))
            .With("$now", Db.Micros(now)).With("$since", Db.Micros(since)).With("$thread", thread);

    public Task<Message> AdvanceMessageAsync(AdvanceMessageParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var now = Now(p.Now);
            Message current;
            using (var find = WriteCommand(tx, $"SELECT {MessageRows.Columns} FROM messages WHERE tenant_id = $t AND id = $id")
                       .With("$t", p.TenantId).With("$id", p.MessageId))
            using (var r = find.ExecuteReader())
            {
                current = r.Read() ? MessageRows.Read(r, now) : throw Errors.MessageNotFound();
            }

            if (!MessageTransitions.Allowed(current.DeliveryState, p.To)) return current;
            using var update = WriteCommand(tx, $"""
                    UPDATE messages SET delivery_state = $to, delivered_at = coalesce(delivered_at, $now),
                        read_at = coalesce(read_at, $now), acked_at = CASE WHEN $to = 'acked' THEN $now ELSE acked_at END
                    WHERE id = $id
                    RETURNING {MessageRows.Columns}
                    """)
                .With("$to", p.To).With("$now", Db.Micros(now)).With("$id", p.MessageId);
            using var u = update.ExecuteReader();
            u.Read();
            return MessageRows.Read(u, now);
        }, ct);
}

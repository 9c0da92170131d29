using Baton.Core;
using Baton.Core.Messaging;
using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string SubscriptionColumns =
        "id, tenant_id, agent_id, event_type, delivery_target, ack_watermark, created_at, updated_at, webhook_url, webhook_secret, inline_body";

    private const string AgentEventColumns =
        "e.id, e.tenant_id, e.agent_id, e.event_type, e.message_id, e.data::text, e.created_at, e.push_state, e.push_error";

    public async Task<Subscription> CreateSubscriptionAsync(CreateSubscriptionParams p, CancellationToken ct)
    {
        await using var insert = _dataSource.CreateCommand($"""
                INSERT INTO agent_subscriptions (id, tenant_id, agent_id, event_type, delivery_target, created_at, updated_at,
                                                 webhook_url, webhook_secret, inline_body)
                VALUES (@id, @t, @agent, @type, @target, @now, @now, @url, @secret, @inline)
                RETURNING {SubscriptionColumns}
                """)
            .With("@id", p.Id).With("@t", p.TenantId).With("@agent", p.AgentId).With("@type", p.EventType)
            .With("@target", p.DeliveryTarget).With("@now", Now(p.Now)).With("@url", NpgsqlDbType.Text, p.WebhookUrl)
            .With("@secret", NpgsqlDbType.Text, p.WebhookSecret).With("@inline", p.InlineBody);
        try
        {
            return (await ReadSubscriptionsAsync(insert, ct))[0];
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw Errors.SubscriptionExists(p.EventType);
        }
    }

    public async Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(ListSubscriptionsParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand($"""
                SELECT {SubscriptionColumns} FROM agent_subscriptions
                WHERE tenant_id = @t AND agent_id = @agent ORDER BY created_at, id
                """)
            .With("@t", p.TenantId).With("@agent", p.AgentId);
        return await ReadSubscriptionsAsync(cmd, ct);
    }

    public Task<Subscription> AckSubscriptionAsync(AckSubscriptionParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            await using (var last = new NpgsqlCommand("""
                                 SELECT a.last_event_id FROM agent_subscriptions s JOIN agents a ON a.id = s.agent_id
                                 WHERE s.tenant_id = @t AND s.agent_id = @agent AND s.id = @id
                                 FOR UPDATE OF s
                                 """, c, tx)
                             .With("@t", p.TenantId).With("@agent", p.AgentId).With("@id", p.SubscriptionId))
            {
                var newest = await last.ExecuteScalarAsync(ct) as long? ?? throw Errors.SubscriptionNotFound();
                if (p.Watermark > newest) throw Errors.AckWatermarkAhead(p.Watermark, newest);
            }

            // Forward only: a late or repeated ack of an older position changes nothing.
            await using var update = new NpgsqlCommand($"""
                    UPDATE agent_subscriptions
                    SET updated_at = CASE WHEN @w > ack_watermark THEN @now ELSE updated_at END,
                        ack_watermark = greatest(ack_watermark, @w)
                    WHERE id = @id
                    RETURNING {SubscriptionColumns}
                    """, c, tx)
                .With("@w", p.Watermark).With("@now", Now(p.Now)).With("@id", p.SubscriptionId);
            return (await ReadSubscriptionsAsync(update, ct))[0];
        }, ct);

    public async Task<bool> DeleteSubscriptionAsync(DeleteSubscriptionParams p, CancellationToken ct)
    {
        await using var delete = _dataSource.CreateCommand(
                "DELETE FROM agent_subscriptions WHERE tenant_id = @t AND agent_id = @agent AND id = @id")
            .With("@t", p.TenantId).With("@agent", p.AgentId).With("@id", p.SubscriptionId);
        return await delete.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task<AgentEventPage> ReadAgentEventsAsync(ReadAgentEventsParams p, CancellationToken ct)
    {
        var now = Now(p.Now);
        await using (var check = _dataSource.CreateCommand(
                               "SELECT EXISTS (SELECT 1 FROM messages WHERE to_agent_id = @agent AND NOT announced AND due_at <= @now)")
                           .With("@agent", p.AgentId).With("@now", now))
        {
            // Only a feed with messages come due since the last look takes the agent's lock; a quiet feed is a plain read.
            if ((bool)(await check.ExecuteScalarAsync(ct))!)
            {
                await InTransactionAsync((c, tx) => AnnounceArrivalsAsync(c, tx, p.TenantId, p.AgentId, now, ct), ct);
            }
        }

        // One statement, so the page and the agent's newest event id are read from one snapshot: the agent's row,
        // with its page of events beside it (none: one row of nulls).
        await using var page = _dataSource.CreateCommand($"""
                SELECT {AgentEventColumns}, a.last_event_id FROM agents a
                LEFT JOIN LATERAL (
                    SELECT * FROM agent_events
                    WHERE agent_id = a.id AND tenant_id = @t AND id > @since AND (@type::text IS NULL OR event_type = @type)
                    ORDER BY id LIMIT @limit
                ) e ON true
                WHERE a.id = @agent
                ORDER BY e.id
                """)
            .With("@agent", p.AgentId).With("@t", p.TenantId).With("@since", p.Since)
            .With("@type", NpgsqlDbType.Text, p.EventType).With("@limit", p.Limit);
        var items = new List<AgentEvent>();
        long lastEventId = 0;
        await using (var r = await page.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                lastEventId = r.GetInt64(9);
                if (!r.IsDBNull(0)) items.Add(ReadAgentEvent(r));
            }
        }

        return new AgentEventPage(items, lastEventId);
    }

    /// <summary>
    /// Writes the feed events of the agent's messages that are due and not yet announced, and marks them announced.
    /// Ids are handed out while holding the agent row's lock, so a transaction with a later id cannot commit before
    /// one with an earlier id: readers of "id > N" never pass a gap that fills later. The events of a webhook
    /// subscription's type are written due for push; true when there are any.
    /// </summary>
    private async Task<bool> AnnounceArrivalsAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, string agentId, DateTimeOffset now, CancellationToken ct)
    {
        var subscribed = new List<string>();
        var pushed = new HashSet<string>(StringComparer.Ordinal);
        await using (var subs = new NpgsqlCommand("SELECT event_type, delivery_target FROM agent_subscriptions WHERE agent_id = @agent", c, tx)
                         .With("@agent", agentId))
        await using (var r = await subs.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                subscribed.Add(r.GetString(0));
                if (r.GetString(1) == DeliveryTargets.Webhook) pushed.Add(r.GetString(0));
            }
        }

        if (subscribed.Count == 0)
        {
            // Nobody listens: the messages count as announced, so a later subscription does not replay them.
            await using var quiet = new NpgsqlCommand(
                    "UPDATE messages SET announced = true WHERE to_agent_id = @agent AND NOT announced AND due_at <= @now", c, tx)
                .With("@agent", agentId).With("@now", now);
            await quiet.ExecuteNonQueryAsync(ct);
            return false;
        }

        long lastEventId;
        await using (var lockAgent = new NpgsqlCommand("SELECT last_event_id FROM agents WHERE id = @agent FOR UPDATE", c, tx)
                         .With("@agent", agentId))
        {
            lastEventId = (long)(await lockAgent.ExecuteScalarAsync(ct))!;
        }

        // Read after taking the lock: under READ COMMITTED this statement sees every message another holder of the
        // lock announced, so none is announced twice.
        await using var find = new NpgsqlCommand($"""
                SELECT {MessageRows.Columns} FROM messages
                WHERE to_agent_id = @agent AND NOT announced AND due_at <= @now ORDER BY due_at, seq
                """, c, tx)
            .With("@agent", agentId).With("@now", now);
        var arriving = await MessageRows.ReadAllAsync(find, now, ct);
        if (arriving.Count == 0) return false;

        await using var unread = new NpgsqlCommand("""
                SELECT EXISTS (SELECT 1 FROM messages
                               WHERE to_agent_id = @agent AND announced AND due_at <= @now AND expires_at > @now
                                 AND delivery_state IN ('queued', 'delivered'))
                """, c, tx)
            .With("@agent", agentId).With("@now", now);
        var hadUnread = (bool)(await unread.ExecuteScalarAsync(ct))!;
        var events = AgentEventPlan.For(tenantId, agentId, arriving, subscribed, hadUnread, lastEventId, now);

        if (events.Count > 0)
        {
            await using var insert = new NpgsqlCommand("""
                    INSERT INTO agent_events (id, tenant_id, agent_id, event_type, message_id, data, created_at, push_state, push_next_at)
                    SELECT u.*, CASE WHEN u.type = ANY(@pushed) THEN 'pending' END, CASE WHEN u.type = ANY(@pushed) THEN u.at END
                    FROM unnest(@ids, @tenants, @agents, @types, @messages, @data::jsonb[], @times)
                        AS u (id, tenant_id, agent_id, type, message_id, data, at)
                    """, c, tx);
            insert.Parameters
                .Array("@ids", NpgsqlDbType.Bigint, events.Select(e => e.Id))
                .Array("@tenants", NpgsqlDbType.Text, events.Select(e => e.TenantId))
                .Array("@agents", NpgsqlDbType.Text, events.Select(e => e.AgentId))
                .Array("@types", NpgsqlDbType.Text, events.Select(e => e.EventType))
                .Array("@messages", NpgsqlDbType.Text, events.Select(e => e.MessageId))
                .Array("@data", NpgsqlDbType.Text, events.Select(e => e.DataJson))
                .Array("@times", NpgsqlDbType.TimestampTz, events.Select(e => e.CreatedAt))
                .Array("@pushed", NpgsqlDbType.Text, pushed);
            await insert.ExecuteNonQueryAsync(ct);

            await using var advance = new NpgsqlCommand("UPDATE agents SET last_event_id = @last WHERE id = @agent", c, tx)
                .With("@last", events[^1].Id).With("@agent", agentId);
            await advance.ExecuteNonQueryAsync(ct);
        }

        await using var mark = new NpgsqlCommand("UPDATE messages SET announced = true WHERE id = ANY(@ids)", c, tx);
        mark.Parameters.Array("@ids", NpgsqlDbType.Text, arriving.Select(m => m.Id));
        await mark.ExecuteNonQueryAsync(ct);
        return events.Any(e => pushed.Contains(e.EventType));
    }

    private static async Task<List<Subscription>> ReadSubscriptionsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Subscription>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new Subscription
            {
                Id = r.GetString(0),
                TenantId = r.GetString(1),
                AgentId = r.GetString(2),
                EventType = r.GetString(3),
                DeliveryTarget = r.GetString(4),
                AckWatermark = r.GetInt64(5),
                CreatedAt = r.Time(6),
                UpdatedAt = r.Time(7),
                WebhookUrl = r.NullableString(8),
                WebhookSecret = r.NullableString(9),
                InlineBody = r.GetBoolean(10),
            });
        }

        return list;
    }

    /// <summary>An event read with <see cref="AgentEventColumns"/> first.</summary>
    private static AgentEvent ReadAgentEvent(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        TenantId = r.GetString(1),
        AgentId = r.GetString(2),
        EventType = r.GetString(3),
        MessageId = r.NullableString(4),
        DataJson = r.GetString(5),
        CreatedAt = r.Time(6),
        PushState = r.NullableString(7),
        PushError = r.NullableString(8),
    };
}

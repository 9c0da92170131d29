using Baton.Core.Messaging;
using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>The messages columns every query selects, and the reader for them: one list, read by position.</summary>
internal static class MessageRows
{
    public const string Columns =
        "id, tenant_id, from_agent_id, to_agent_id, thread_id, reply_to, subject, body, priority, expects_reply, " +
        "reply_to_agent_id, delivery_state, metadata::text, idempotency_key, execution_id, correlation_id, created_at, send_at, " +
        "due_at, expires_at, delivered_at, read_at, acked_at, push_state, push_error";

    /// <summary>The same list with a table alias, for joins.</summary>
    public static string Prefixed(string alias) => string.Join(", ", Columns.Split(", ").Select(c => alias + c));

    /// <summary>A message as read; one past its expiry reads as <c>expired</c>, whatever the row last said.</summary>
    public static Message Read(NpgsqlDataReader r, DateTimeOffset now)
    {
        var expiresAt = r.Time(19);
        var state = r.GetString(11);
        if (expiresAt <= now && !DeliveryStates.IsTerminal(state)) state = DeliveryStates.Expired;
        return new Message
        {
            Id = r.GetString(0),
            TenantId = r.GetString(1),
            FromAgentId = r.GetString(2),
            ToAgentId = r.GetString(3),
            ThreadId = r.GetString(4),
            ReplyTo = r.NullableString(5),
            Subject = r.NullableString(6),
            Body = r.GetString(7),
            Priority = r.GetInt32(8),
            ExpectsReply = r.GetBoolean(9),
            ReplyToAgentId = r.NullableString(10),
            DeliveryState = state,
            MetadataJson = r.GetString(12),
            IdempotencyKey = r.NullableString(13),
            ExecutionId = r.IsDBNull(14) ? null : r.GetGuid(14),
            CorrelationId = r.NullableString(15),
            CreatedAt = r.Time(16),
            SendAt = r.NullableTime(17),
            DueAt = r.Time(18),
            ExpiresAt = expiresAt,
            DeliveredAt = r.NullableTime(20),
            ReadAt = r.NullableTime(21),
            AckedAt = r.NullableTime(22),
            PushState = r.NullableString(23),
            PushError = r.NullableString(24),
        };
    }

    public static async Task<List<Message>> ReadAllAsync(NpgsqlCommand cmd, DateTimeOffset now, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Message>();
        while (await r.ReadAsync(ct)) list.Add(Read(r, now));
        return list;
    }
}

using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<IReadOnlyList<MessagePush>> ClaimMessagePushesAsync(ClaimMessagePushesParams p, CancellationToken ct) =>
        InTransactionAsync<IReadOnlyList<MessagePush>>(async (c, tx) =>
        {
            var now = Now(p.Now);
            // SKIP LOCKED: nodes claiming at once take different pushes. The lease: a claimed push is not due again
            // until it ends, so a node that dies mid-send is retried later.
            await using var claim = new NpgsqlCommand($"""
                    WITH due AS (
                        SELECT seq FROM messages WHERE push_state = 'pending' AND push_next_at <= @now
                        ORDER BY push_next_at, seq LIMIT @limit
                        FOR UPDATE SKIP LOCKED
                    )
                    UPDATE messages m SET push_next_at = @lease, push_attempts = m.push_attempts + 1
                    FROM due, agents a
                    WHERE m.seq = due.seq AND a.id = m.to_agent_id
                    RETURNING {MessageRows.Prefixed("m.")}, a.webhook_url, a.webhook_secret, m.push_attempts
                    """, c, tx)
                .With("@now", now).With("@lease", now.AddSeconds(p.LeaseSeconds)).With("@limit", p.Limit);
            var pushes = new List<MessagePush>();
            var orphaned = new List<string>();
            await using (var r = await claim.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    var message = MessageRows.Read(r, now);
                    if (r.NullableString(25) is { } url && r.NullableString(26) is { } secret)
                    {
                        pushes.Add(new MessagePush(message, url, secret, r.GetInt32(27)));
                    }
                    else
                    {
                        orphaned.Add(message.Id);
                    }
                }
            }

            if (orphaned.Count > 0)
            {
                // The recipient dropped its webhook URL (or was deleted) since: nothing to push to; pull still works.
                await using var drop = new NpgsqlCommand("""
                        UPDATE messages SET push_state = 'failed', push_next_at = NULL, push_error = 'the recipient has no webhook URL'
                        WHERE id = ANY(@ids)
                        """, c, tx).With("@ids", NpgsqlDbType.Array | NpgsqlDbType.Text, orphaned.ToArray());
                await drop.ExecuteNonQueryAsync(ct);
            }

            return pushes;
        }, ct);

    public async Task RecordMessagePushAsync(RecordMessagePushParams p, CancellationToken ct)
    {
        await using var record = _dataSource.CreateCommand("""
                UPDATE messages SET
                    push_state = CASE WHEN @sent THEN 'sent' WHEN @retry::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
                    push_next_at = CASE WHEN @sent THEN NULL ELSE @retry END,
                    push_error = @error,
                    -- A message pushed to its recipient has been delivered: a later inbox read does not report it as new.
                    delivery_state = CASE WHEN @sent AND delivery_state = 'queued' THEN 'delivered' ELSE delivery_state END,
                    delivered_at = CASE WHEN @sent THEN coalesce(delivered_at, @now) ELSE delivered_at END
                WHERE id = @id AND push_state = 'pending'
                """)
            .With("@now", Now(p.Now)).With("@sent", p.Sent).With("@retry", NpgsqlDbType.TimestampTz, Pg.NullableMicros(p.RetryAt))
            .With("@error", NpgsqlDbType.Text, p.Error).With("@id", p.MessageId);
        await record.ExecuteNonQueryAsync(ct);
    }
}

using Baton.Core.Storage;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task<IReadOnlyList<MessagePush>> ClaimMessagePushesAsync(ClaimMessagePushesParams p, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<MessagePush>>(tx =>
        {
            var now = Now(p.Now);
            // The lease: a claimed push is not due again until it ends, so a node that dies mid-send is retried later.
            using var claim = WriteCommand(tx, $"""
                    UPDATE messages SET push_next_at = $lease, push_attempts = push_attempts + 1
                    WHERE seq IN (SELECT seq FROM messages WHERE push_state = 'pending' AND push_next_at <= $now
                                  ORDER BY push_next_at, seq LIMIT {Db.Count(p.Limit)})
                    RETURNING id
                    """)
                .With("$now", Db.Micros(now)).With("$lease", Db.Micros(now.AddSeconds(p.LeaseSeconds)));
            var ids = new List<string>();
            using (var r = claim.ExecuteReader())
            {
                while (r.Read()) ids.Add(r.GetString(0));
            }

            if (ids.Count == 0) return [];
            var pushes = new List<MessagePush>();
            var orphaned = new List<string>();
            using (var read = WriteCommand(tx, $"""
                           SELECT {MessageRows.Prefixed("m.")}, a.webhook_url, a.webhook_secret, m.push_attempts
                           FROM messages m JOIN agents a ON a.id = m.to_agent_id
                           WHERE m.id IN (SELECT value FROM json_each($ids))
                           """).With("$ids", Db.Json(ids)))
            using (var r = read.ExecuteReader())
            {
                while (r.Read())
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

            // The recipient dropped its webhook URL (or was deleted) since: nothing to push to; pull still works.
            using var drop = WriteCommand(tx, """
                    UPDATE messages SET push_state = 'failed', push_next_at = NULL, push_error = 'the recipient has no webhook URL'
                    WHERE id IN (SELECT value FROM json_each($ids))
                    """).With("$ids", Db.Json(orphaned));
            drop.ExecuteNonQuery();
            return pushes;
        }, ct);

    public Task RecordMessagePushAsync(RecordMessagePushParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            using var record = WriteCommand(tx, """
                    UPDATE messages SET
                        push_state = CASE WHEN $sent THEN 'sent' WHEN $retry IS NULL THEN 'failed' ELSE 'pending' END,
                        push_next_at = CASE WHEN $sent THEN NULL ELSE $retry END,
                        push_error = $error,
                        -- A message pushed to its recipient has been delivered: a later inbox read does not report it as new.
                        delivery_state = CASE WHEN $sent AND delivery_state = 'queued' THEN 'delivered' ELSE delivery_state END,
                        delivered_at = CASE WHEN $sent THEN coalesce(delivered_at, $now) ELSE delivered_at END
                    WHERE id = $id AND push_state = 'pending'
                    """)
                .With("$now", Db.Micros(Now(p.Now))).With("$sent", p.Sent).With("$retry", Db.Micros(p.RetryAt)).With("$error", p.Error).With("$id", p.MessageId);
            record.ExecuteNonQuery();
        }, ct);
}

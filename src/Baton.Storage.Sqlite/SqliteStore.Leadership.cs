using Baton.Core.Storage;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task<bool> TryAcquireLeadershipAsync(AcquireLeadershipParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var now = Now(p.Now);
            using var cmd = WriteCommand(tx, """
                    INSERT INTO leader_leases (name, holder, expires_at) VALUES ($name, $node, $expires)
                    ON CONFLICT (name) DO UPDATE SET holder = $node, expires_at = $expires
                    WHERE leader_leases.holder = $node OR leader_leases.expires_at <= $now
                    RETURNING holder
                    """)
                .With("$name", p.Name).With("$node", p.NodeId).With("$expires", Db.Micros(now + p.Ttl))
                .With("$now", Db.Micros(now));
            return cmd.ExecuteScalar() is string holder && holder == p.NodeId;
        }, ct);

    public Task ResignLeadershipAsync(ResignLeadershipParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            using var cmd = WriteCommand(tx, "DELETE FROM leader_leases WHERE name = $name AND holder = $node")
                .With("$name", p.Name).With("$node", p.NodeId);
            cmd.ExecuteNonQuery();
        }, ct);
}

using Baton.Core.Storage;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    public async Task<bool> TryAcquireLeadershipAsync(AcquireLeadershipParams p, CancellationToken ct)
    {
        var now = Now(p.Now);
        // One statement: the row lock of ON CONFLICT makes the check-and-take atomic between nodes.
        await using var cmd = _dataSource.CreateCommand("""
                INSERT INTO leader_leases (name, holder, expires_at) VALUES (@name, @node, @expires)
                ON CONFLICT (name) DO UPDATE SET holder = @node, expires_at = @expires
                WHERE leader_leases.holder = @node OR leader_leases.expires_at <= @now
                RETURNING holder
                """).With("@name", p.Name).With("@node", p.NodeId).With("@expires", now + p.Ttl).With("@now", now);
        return await cmd.ExecuteScalarAsync(ct) is string holder && holder == p.NodeId;
    }

    public async Task ResignLeadershipAsync(ResignLeadershipParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("DELETE FROM leader_leases WHERE name = @name AND holder = @node")
            .With("@name", p.Name).With("@node", p.NodeId);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

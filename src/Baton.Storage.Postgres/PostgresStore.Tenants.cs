using Baton.Core;
using Baton.Core.Storage;
using Baton.Core.Tenants;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<Tenant> CreateTenantAsync(CreateTenantParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var now = Now(p.Now);
            await using (var insert = new NpgsqlCommand(
                                 "INSERT INTO tenants (id, email, plan, created_at) VALUES (@id, @email, @plan, @now) ON CONFLICT (email) DO NOTHING",
                                 c, tx)
                             .With("@id", p.TenantId).With("@email", p.Email).With("@plan", p.Plan).With("@now", now))
            {
                if (await insert.ExecuteNonQueryAsync(ct) == 0) throw Errors.DuplicateEmail();
            }

            await InsertPrimaryKeyAsync(c, tx, p.TenantId, p.KeyHash, p.KeyPrefix, now, ct);
            return new Tenant(p.TenantId, p.Email, p.Plan, p.KeyPrefix, now);
        }, ct);

    public async Task<Tenant?> GetTenantAsync(GetTenantParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("""
                SELECT t.id, t.email, t.plan, t.created_at,
                       (SELECT k.prefix FROM api_keys k WHERE k.tenant_id = t.id AND k.is_primary AND k.revoked_at IS NULL)
                FROM tenants t WHERE t.id = @id
                """).With("@id", p.TenantId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct)
            ? new Tenant(r.GetString(0), r.GetString(1), r.GetString(2), r.NullableString(4) ?? "", r.Time(3))
            : null;
    }

    public async Task<long> CountTenantsAsync(CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT count(*) FROM tenants");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<ApiKeyLookup?> FindApiKeyAsync(FindApiKeyParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT tenant_id, revoked_at FROM api_keys WHERE key_hash = @h")
            .With("@h", p.KeyHash);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new ApiKeyLookup(r.GetString(0), r.NullableTime(1)) : null;
    }

    public Task RotateApiKeyAsync(RotateApiKeyParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var now = Now(p.Now);
            await using (var revoke = new NpgsqlCommand(
                                 "UPDATE api_keys SET revoked_at = @now WHERE tenant_id = @t AND is_primary AND revoked_at IS NULL",
                                 c, tx)
                             .With("@now", now).With("@t", p.TenantId))
            {
                await revoke.ExecuteNonQueryAsync(ct);
            }

            await InsertPrimaryKeyAsync(c, tx, p.TenantId, p.NewKeyHash, p.NewKeyPrefix, now, ct);
            return true;
        }, ct);

    private static async Task InsertPrimaryKeyAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, string hash, string prefix, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
                "INSERT INTO api_keys (key_hash, tenant_id, prefix, is_primary, created_at) VALUES (@h, @t, @p, true, @now)",
                c, tx)
            .With("@h", hash).With("@t", tenantId).With("@p", prefix).With("@now", now);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

using Baton.Core;
using Baton.Core.Storage;
using Baton.Core.Tenants;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string TenantColumns =
        "t.id, t.email, t.plan, t.created_at, (SELECT k.prefix FROM api_keys k WHERE k.tenant_id = t.id AND k.is_primary = 1 AND k.revoked_at IS NULL)";

    public Task<Tenant> CreateTenantAsync(CreateTenantParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var now = Db.Micros(Now(p.Now));
            try
            {
                using (var insert = WriteCommand(tx,
                               "INSERT INTO tenants (id, email, plan, created_at) VALUES ($id, $email, $plan, $now)")
                           .With("$id", p.TenantId).With("$email", p.Email).With("$plan", p.Plan).With("$now", now))
                {
                    insert.ExecuteNonQuery();
                }
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the email is taken
            {
                throw Errors.DuplicateEmail();
            }

            InsertPrimaryKey(tx, p.TenantId, p.KeyHash, p.KeyPrefix, now);
            return new Tenant(p.TenantId, p.Email, p.Plan, p.KeyPrefix, Db.Time(now));
        }, ct);

    public Task<Tenant?> GetTenantAsync(GetTenantParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, $"SELECT {TenantColumns} FROM tenants t WHERE t.id = $id").With("$id", p.TenantId);
        using var r = cmd.ExecuteReader();
        Tenant? tenant = r.Read()
            ? new Tenant(r.GetString(0), r.GetString(1), r.GetString(2), r.NullableString(4) ?? "", Db.Time(r.GetInt64(3)))
            : null;
        return Task.FromResult(tenant);
    }

    public Task<long> CountTenantsAsync(CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, "SELECT count(*) FROM tenants");
        return Task.FromResult((long)cmd.ExecuteScalar()!);
    }

    public Task<ApiKeyLookup?> FindApiKeyAsync(FindApiKeyParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, "SELECT tenant_id, revoked_at FROM api_keys WHERE key_hash = $h").With("$h", p.KeyHash);
        using var r = cmd.ExecuteReader();
        return Task.FromResult(r.Read() ? new ApiKeyLookup(r.GetString(0), r.NullableTime(1)) : null);
    }

    public Task RotateApiKeyAsync(RotateApiKeyParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var now = Db.Micros(Now(p.Now));
            using (var revoke = WriteCommand(tx,
                           "UPDATE api_keys SET revoked_at = $now WHERE tenant_id = $t AND is_primary = 1 AND revoked_at IS NULL")
                       .With("$now", now).With("$t", p.TenantId))
            {
                revoke.ExecuteNonQuery();
            }

            InsertPrimaryKey(tx, p.TenantId, p.NewKeyHash, p.NewKeyPrefix, now);
        }, ct);

    private void InsertPrimaryKey(SqliteTransaction tx, string tenantId, string hash, string prefix, long now)
    {
        using var cmd = WriteCommand(tx,
                "INSERT INTO api_keys (key_hash, tenant_id, prefix, is_primary, created_at) VALUES ($h, $t, $p, 1, $now)")
            .With("$h", hash).With("$t", tenantId).With("$p", prefix).With("$now", now);
        cmd.ExecuteNonQuery();
    }
}

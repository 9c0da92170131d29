using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Tenants_are_found_by_key_hash_and_a_rotated_key_is_kept_as_revoked()
    {
        var found = await Store.FindApiKeyAsync(new FindApiKeyParams("hash-a"), Ct);
        Assert.Equal(TenantA, found!.TenantId);
        Assert.Null(found.RevokedAt);
        Assert.Null(await Store.FindApiKeyAsync(new FindApiKeyParams("unknown"), Ct));

        Time.Advance(TimeSpan.FromMinutes(1));
        await Store.RotateApiKeyAsync(new RotateApiKeyParams(TenantA, "hash-a2", "bt_a2", Now), Ct);

        Assert.Equal(Now, (await Store.FindApiKeyAsync(new FindApiKeyParams("hash-a"), Ct))!.RevokedAt);
        Assert.Null((await Store.FindApiKeyAsync(new FindApiKeyParams("hash-a2"), Ct))!.RevokedAt);
        var tenant = await Store.GetTenantAsync(new GetTenantParams(TenantA), Ct);
        Assert.Equal(("a@example.com", "bt_a2"), (tenant!.Email, tenant.ApiKeyPrefix));
        Assert.Equal(2, await Store.CountTenantsAsync(Ct));
    }

    [Fact]
    public async Task A_second_tenant_with_the_same_email_is_refused()
    {
        await ThrowsDomainAsync("duplicate_email", () => Store.CreateTenantAsync(
            new CreateTenantParams("tnt_cccccccccccc", "a@example.com", "self_hosted", "hash-c", "bt_c", Now), Ct));
        Assert.Equal(2, await Store.CountTenantsAsync(Ct));
    }

    [Fact]
    public async Task Migrating_again_changes_nothing()
    {
        await EnqueueOneAsync();
        await Store.MigrateAsync(Ct);
        Assert.Equal(1, (await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA), Ct)).Total);
    }
}

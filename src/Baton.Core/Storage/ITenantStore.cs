using Baton.Core.Tenants;

namespace Baton.Core.Storage;

/// <summary>Tenants, their API keys and their webhook signing secret.</summary>
public interface ITenantStore
{
    Task<Tenant> CreateTenantAsync(CreateTenantParams p, CancellationToken ct);
    Task<Tenant?> GetTenantAsync(GetTenantParams p, CancellationToken ct);
    Task<long> CountTenantsAsync(CancellationToken ct);
    Task<ApiKeyLookup?> FindApiKeyAsync(FindApiKeyParams p, CancellationToken ct);

    /// <summary>Replaces the tenant's primary key; the old one is kept as revoked so it answers key_rotated.</summary>
    Task RotateApiKeyAsync(RotateApiKeyParams p, CancellationToken ct);

    /// <summary>The tenant's webhook signing secret; null before one was made (or for an unknown tenant).</summary>
    Task<string?> GetWebhookSecretAsync(GetWebhookSecretParams p, CancellationToken ct);

    /// <summary>
    /// Sets the tenant's webhook secret (only if it has none, unless <c>Replace</c>) and returns the secret now in
    /// force: two concurrent first uses agree on one secret. Throws invalid_api_key for an unknown tenant.
    /// </summary>
    Task<string> SetWebhookSecretAsync(SetWebhookSecretParams p, CancellationToken ct);
}

using System.Security.Cryptography;
using Baton.Core.Storage;

namespace Baton.Core.Webhooks;

/// <summary>The tenant's webhook signing secret: <c>whsec_</c> + 64 hex characters from a CSPRNG, made on first use.</summary>
public sealed class WebhookSecrets(ITenantStore store)
{
    public const string Prefix = "whsec_";

    /// <summary>The secret in force, made now if the tenant has none (two first uses at once agree on one).</summary>
    public async Task<string> GetOrCreateAsync(string tenantId, CancellationToken ct) =>
        await store.GetWebhookSecretAsync(new GetWebhookSecretParams(tenantId), ct)
        ?? await store.SetWebhookSecretAsync(new SetWebhookSecretParams(tenantId, NewSecret(), Replace: false), ct);

    /// <summary>Replaces the secret; deliveries signed from now on use the new one.</summary>
    public Task<string> RegenerateAsync(string tenantId, CancellationToken ct) =>
        store.SetWebhookSecretAsync(new SetWebhookSecretParams(tenantId, NewSecret(), Replace: true), ct);

    public async Task<bool> ExistsAsync(string tenantId, CancellationToken ct) =>
        await store.GetWebhookSecretAsync(new GetWebhookSecretParams(tenantId), ct) is not null;

    private static string NewSecret() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}

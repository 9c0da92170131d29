using System.Collections.Concurrent;
using Baton.Contracts.Errors;
using Baton.Core.Storage;

namespace Baton.Core.Tenants;

/// <summary>Registration, authentication and key rotation.</summary>
public sealed class AccountService(ITenantStore store, BatonOptions options, TimeProvider time)
{
    /// <summary>Revoked keys answer key_rotated for this long, then plain invalid_api_key.</summary>
    public static readonly TimeSpan RotatedKeyNotice = TimeSpan.FromHours(24);

    public const string DefaultPlan = "self_hosted";

    public async Task<(Tenant Tenant, string ApiKey)> RegisterAsync(string email, CancellationToken ct)
    {
        if (!options.RegistrationEnabled) throw Errors.RegistrationDisabled();
        return await CreateTenantAsync(email, ct);
    }

    /// <summary>On a new database, creates the first tenant and returns its key (shown once); else null.</summary>
    public async Task<(Tenant Tenant, string ApiKey)?> EnsureFirstTenantAsync(string email, CancellationToken ct)
    {
        if (await store.CountTenantsAsync(ct) > 0) return null;
        try
        {
            return await CreateTenantAsync(email, ct);
        }
        catch (BatonException e) when (e.Code == ErrorCodes.DuplicateEmail)
        {
            return null; // another node sharing the database created it first; it printed the key
        }
    }

    /// <summary>
    /// How long a key found in the store is trusted without asking it again. Every request authenticates, so
    /// without this each one paid a database round trip before its real work (on the enqueue → claim path too).
    /// A key rotated on this node is dropped from the cache at once; one rotated on another node of a PostgreSQL
    /// cluster keeps working here for at most this long.
    /// </summary>
    public static readonly TimeSpan KeyCacheLifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (ApiKeyLookup Key, DateTimeOffset FoundAt)> _keys = new(StringComparer.Ordinal);

    public async Task<string> AuthenticateAsync(string? apiKey, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > 200) throw Errors.InvalidApiKey();
        return await AuthenticateHashAsync(ApiKeys.Hash(apiKey), ct);
    }

    /// <summary>
    /// The tenant of a key known only by its hash (a dashboard session keeps the hash, never the key), so a
    /// rotated key ends the sessions signed in with it.
    /// </summary>
    public async Task<string> AuthenticateHashAsync(string hash, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        ApiKeyLookup found;
        if (_keys.TryGetValue(hash, out var cached) && now - cached.FoundAt < KeyCacheLifetime && now >= cached.FoundAt)
        {
            found = cached.Key;
        }
        else
        {
            // Only keys that exist are cached, so the cache is bounded by the keys in the database.
            found = await store.FindApiKeyAsync(new FindApiKeyParams(hash), ct) ?? throw Errors.InvalidApiKey();
            _keys[hash] = (found, now);
        }

        if (found.RevokedAt is { } revoked)
        {
            throw time.GetUtcNow() - revoked < RotatedKeyNotice ? Errors.KeyRotated() : Errors.InvalidApiKey();
        }

        return found.TenantId;
    }

    public async Task<Tenant> GetTenantAsync(string tenantId, CancellationToken ct) =>
        await store.GetTenantAsync(new GetTenantParams(tenantId), ct) ?? throw Errors.InvalidApiKey();

    public async Task<string> RegenerateKeyAsync(string tenantId, CancellationToken ct)
    {
        var key = ApiKeys.NewKey();
        await store.RotateApiKeyAsync(
            new RotateApiKeyParams(tenantId, ApiKeys.Hash(key), ApiKeys.DisplayPrefix(key), time.GetUtcNow()), ct);
        foreach (var (hash, entry) in _keys)
        {
            if (entry.Key.TenantId == tenantId) _keys.TryRemove(hash, out _);
        }

        return key;
    }

    private async Task<(Tenant, string)> CreateTenantAsync(string email, CancellationToken ct)
    {
        var key = ApiKeys.NewKey();
        var tenant = await store.CreateTenantAsync(
            new CreateTenantParams(Ids.NewTenantId(), email.Trim().ToLowerInvariant(), DefaultPlan,
                ApiKeys.Hash(key), ApiKeys.DisplayPrefix(key), time.GetUtcNow()), ct);
        return (tenant, key);
    }
}

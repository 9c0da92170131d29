namespace Baton.Core.Tenants;

/// <summary>What a key hash resolves to. <see cref="RevokedAt"/> is set for a key replaced by regeneration.</summary>
public sealed record ApiKeyLookup(string TenantId, DateTimeOffset? RevokedAt);

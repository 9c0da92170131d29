namespace Baton.Core.Tenants;

public sealed record Tenant(string Id, string Email, string Plan, string ApiKeyPrefix, DateTimeOffset CreatedAt);

namespace Baton.Core.Storage;

// Params of the tenant and worker store operations (ITenantStore, IWorkerStore), beside StoreParams.cs.

public sealed record GetTenantParams(string TenantId);

/// <summary>Looks an API key up by its hash (the key itself is never stored).</summary>
public sealed record FindApiKeyParams(string KeyHash);

public sealed record GetWebhookSecretParams(string TenantId);

public sealed record ListWorkersParams(string TenantId);

public sealed record DeleteWorkerParams(string TenantId, string WorkerId);

namespace Baton.Core.Storage;

// Params of the webhook store operations (IExecutionStore's webhook claim, ITenantStore's secret), beside StoreParams.cs.

/// <summary>
/// The webhook dispatcher's claim: up to <see cref="Limit"/> due <c>transport = 'webhook'</c> executions of any
/// tenant, in claim order, for <see cref="WorkerId"/> (<c>webhook-dispatcher@node</c>). Same rules as a worker claim.
/// </summary>
public sealed record ClaimWebhookExecutionsParams(
    string WorkerId, int LeaseSeconds, int Limit, DateTimeOffset? Now = null);

/// <summary>
/// Stores <see cref="Secret"/> as the tenant's webhook secret: only when it has none yet, or in any case with
/// <see cref="Replace"/> (regeneration).
/// </summary>
public sealed record SetWebhookSecretParams(string TenantId, string Secret, bool Replace);

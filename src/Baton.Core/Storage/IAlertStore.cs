using Baton.Core.Alerts;
using Baton.Core.Usage;

namespace Baton.Core.Storage;

/// <summary>Read views for a tenant's alerts and its usage against the plan's limits.</summary>
public interface IAlertStore
{
    Task<AlertPage> ListAlertsAsync(ListAlertsParams p, CancellationToken ct);

    /// <summary>Active cues, and executions created since <c>MonthStart</c> that are still held (pruning forgets them).</summary>
    Task<TenantUsage> GetTenantUsageAsync(GetTenantUsageParams p, CancellationToken ct);
}

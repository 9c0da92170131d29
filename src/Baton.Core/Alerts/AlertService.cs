using Baton.Core.Storage;

namespace Baton.Core.Alerts;

/// <summary><c>GET /v1/alerts</c>. Alerts are raised by <see cref="Cues.CueEffects"/>, never by a request.</summary>
public sealed class AlertService(IAlertStore store)
{
    public Task<AlertPage> ListAsync(ListAlertsParams p, CancellationToken ct) => store.ListAlertsAsync(p, ct);
}

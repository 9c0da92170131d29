namespace Baton.Core.Alerts;

public sealed record AlertPage(IReadOnlyList<Alert> Alerts, long Total);

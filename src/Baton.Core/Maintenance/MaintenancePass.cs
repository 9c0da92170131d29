namespace Baton.Core.Maintenance;

public sealed record MaintenancePass(int Requeued, int Failed, int Missed, int Pruned);

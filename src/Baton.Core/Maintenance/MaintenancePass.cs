namespace Baton.Core.Maintenance;

/// <summary>What one maintenance pass did, and when the loop should run the next one (unless signalled sooner).</summary>
public sealed record MaintenancePass(int Requeued, int Failed, int Missed, int Pruned)
{
    public DateTimeOffset NextPassAt { get; init; } = DateTimeOffset.MaxValue;
}

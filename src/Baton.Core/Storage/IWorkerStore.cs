using Baton.Core.Workers;

namespace Baton.Core.Storage;

/// <summary>The workers a tenant has seen, kept by their heartbeats.</summary>
public interface IWorkerStore
{
    /// <summary>Upserts the worker and extends the leases of every execution it holds.</summary>
    Task<WorkerHeartbeatResult> RecordWorkerHeartbeatAsync(RecordWorkerHeartbeatParams p, CancellationToken ct);
    Task<IReadOnlyList<Worker>> ListWorkersAsync(ListWorkersParams p, CancellationToken ct);
    Task<bool> DeleteWorkerAsync(DeleteWorkerParams p, CancellationToken ct);
}

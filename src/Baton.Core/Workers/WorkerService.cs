using Baton.Contracts.Workers;
using Baton.Core.Storage;

namespace Baton.Core.Workers;

public sealed class WorkerService(IWorkerStore store, TimeProvider time)
{
    /// <summary>Within this, a worker is <c>active</c>; within <see cref="StaleAfter"/> <c>stale</c>; else <c>dead</c>.</summary>
    public static readonly TimeSpan ActiveWithin = TimeSpan.FromSeconds(180);
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(900);

    public Task<WorkerHeartbeatResult> HeartbeatAsync(
        string tenantId, string workerId, IReadOnlyList<string>? handlers, string? version, string? host,
        CancellationToken ct, string? state = null, IReadOnlyList<Guid>? holding = null) =>
        store.RecordWorkerHeartbeatAsync(
            new RecordWorkerHeartbeatParams(tenantId, workerId, handlers, version, host, time.GetUtcNow(), state ?? WorkerStates.Running)
            {
                Holding = holding,
            }, ct);

    public Task<IReadOnlyList<Worker>> ListAsync(string tenantId, CancellationToken ct) =>
        store.ListWorkersAsync(new ListWorkersParams(tenantId), ct);

    public async Task DeleteAsync(string tenantId, string workerId, CancellationToken ct)
    {
        if (!await store.DeleteWorkerAsync(new DeleteWorkerParams(tenantId, workerId), ct)) throw Errors.WorkerNotFound();
    }

    public static string HeartbeatStatus(TimeSpan sinceHeartbeat) =>
        sinceHeartbeat < ActiveWithin ? "active" : sinceHeartbeat < StaleAfter ? "stale" : "dead";

    /// <summary>
    /// What <c>workers ls</c> shows: <c>stopped</c> once a worker said it exited cleanly, <c>stopping</c> while it
    /// drains (until its heartbeats go stale), else its heartbeat status.
    /// </summary>
    public static string Status(TimeSpan sinceHeartbeat, string state) => state switch
    {
        WorkerStates.Stopped => WorkerStates.Stopped,
        WorkerStates.Stopping when sinceHeartbeat < ActiveWithin => WorkerStates.Stopping,
        _ => HeartbeatStatus(sinceHeartbeat),
    };
}

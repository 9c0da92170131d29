namespace Baton.Core.Storage;

/// <summary>What is waiting and running, grouped for the backlog gauges (read at most every few seconds).</summary>
public interface IBacklogStore
{
    /// <summary>Open executions (pending, delivering, retrying) of every tenant, by queue, task and status.</summary>
    Task<IReadOnlyList<BacklogGroup>> GetBacklogAsync(GetBacklogParams p, CancellationToken ct);
}

using Baton.Core.Executions;
using Baton.Core.Storage;

namespace Baton.Core.Dashboard;

/// <summary>What the executions page filters by; every term optional, all of them must hold.</summary>
public sealed record ExecutionFilter
{
    public ExecutionStatus? Status { get; init; }
    public string? Queue { get; init; }
    public string? Task { get; init; }
    public string? RunId { get; init; }
    public string? Tag { get; init; }
    public string? CueId { get; init; }
    public string? WorkerId { get; init; }
    public string? Title { get; init; }

    public bool IsEmpty => this == new ExecutionFilter();

    /// <summary>
    /// The counters' terms when they can count this filter's executions by status (the status and title aside):
    /// no filter, a queue and/or task, or a run alone; null when only the rows can.
    /// </summary>
    public CountExecutionsParams? Counted(string tenantId) =>
        Tag is null && CueId is null && WorkerId is null && (RunId is null || (Queue is null && Task is null))
            ? new CountExecutionsParams(tenantId, Queue, Task, RunId)
            : null;

    /// <summary>The store's listing terms for <paramref name="tenantId"/>; the title is matched separately.</summary>
    public ListExecutionsParams ToListParams(string tenantId, bool includeStatus = true) => new(tenantId)
    {
        Statuses = includeStatus && Status is { } s ? [s] : [],
        Queue = Queue,
        Task = Task,
        RunId = RunId,
        Tag = Tag,
        CueId = CueId,
        WorkerId = WorkerId,
    };
}

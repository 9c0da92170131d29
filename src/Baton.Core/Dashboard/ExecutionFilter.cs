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

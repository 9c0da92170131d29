using Baton.Core.Executions;

namespace Baton.Core.Storage;

/// <summary>
/// Open executions of one queue, task and status, across tenants. <see cref="OldestDueAt"/> is the earliest
/// <c>available_at</c> among those already claimable (pending or retrying and due), null when none is.
/// </summary>
public sealed record BacklogGroup(string Queue, string? Task, ExecutionStatus Status, long Count, DateTimeOffset? OldestDueAt);

public sealed record GetBacklogParams(DateTimeOffset Now);

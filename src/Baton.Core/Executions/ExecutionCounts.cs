namespace Baton.Core.Executions;

/// <summary>How many executions match a filter, by status.</summary>
public sealed record ExecutionCounts(
    long Pending, long Delivering, long Retrying, long Success, long Failed, long Missed, long Cancelled)
{
    public static readonly ExecutionCounts Zero = new(0, 0, 0, 0, 0, 0, 0);

    public long Total => Pending + Delivering + Retrying + Success + Failed + Missed + Cancelled;

    public static ExecutionCounts From(IReadOnlyDictionary<ExecutionStatus, long> byStatus)
    {
        long Get(ExecutionStatus s) => byStatus.TryGetValue(s, out var n) ? n : 0;
        return new(Get(ExecutionStatus.Pending), Get(ExecutionStatus.Delivering), Get(ExecutionStatus.Retrying),
            Get(ExecutionStatus.Success), Get(ExecutionStatus.Failed), Get(ExecutionStatus.Missed),
            Get(ExecutionStatus.Cancelled));
    }
}

namespace Baton.Core.Executions;

public sealed record ExecutionPage(IReadOnlyList<Execution> Items, long Total, ExecutionCounts Counts);

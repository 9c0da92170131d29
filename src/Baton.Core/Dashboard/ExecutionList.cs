using Baton.Core.Executions;

namespace Baton.Core.Dashboard;

/// <summary>One page of the executions view, and how many match the filter by status (title aside).</summary>
public sealed record ExecutionList(ExecutionSlice Page, ExecutionCounts Counts);

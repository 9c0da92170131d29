using Baton.Core.Runs;

namespace Baton.Core.Dashboard;

/// <summary>A run's progress and one page of its executions, newest first.</summary>
public sealed record RunDetail(RunSummary Summary, ExecutionSlice Executions);

using Baton.Core.Runs;

namespace Baton.Core.Dashboard;

/// <summary>One keyset page of runs, how many runs the tenant has, and where the next page starts (null: none).</summary>
public sealed record RunSlice(IReadOnlyList<RunSummary> Items, long Total, RunCursor? Next);

using Baton.Core.Executions;

namespace Baton.Core.Dashboard;

/// <summary>One keyset page; <see cref="NextBeforeSequence"/> continues it (null: this was the last page).</summary>
public sealed record ExecutionSlice(IReadOnlyList<Execution> Items, long? NextBeforeSequence);

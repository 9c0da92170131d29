using Baton.Core.Events;
using Baton.Core.Executions;

namespace Baton.Core.Dashboard;

/// <summary>
/// An execution with its event timeline (oldest first) and the attempts read from it: each claim starts one, and
/// the next retry, release, rescue or end closes it.
/// </summary>
public sealed record ExecutionDetail(Execution Execution, IReadOnlyList<BatonEvent> Timeline, IReadOnlyList<Attempt> Attempts);

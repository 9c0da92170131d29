using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Messaging;

namespace Baton.Core.Dashboard;

/// <summary>
/// An execution with its event timeline (oldest first) and the attempts read from it: each claim starts one, and
/// the next retry, release, rescue or end closes it. <see cref="Messages"/>: the conversation between agents that
/// named the execution, oldest first.
/// </summary>
public sealed record ExecutionDetail(Execution Execution, IReadOnlyList<BatonEvent> Timeline, IReadOnlyList<Attempt> Attempts)
{
    public IReadOnlyList<Message> Messages { get; init; } = [];
}

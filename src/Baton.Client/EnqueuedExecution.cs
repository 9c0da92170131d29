using Baton.Contracts.Executions;

namespace Baton.Client;

/// <summary>The result of an enqueue: the execution, and whether it is new (201) or an idempotent repeat (200).</summary>
public sealed record EnqueuedExecution(ExecutionResponse Execution, bool Created);

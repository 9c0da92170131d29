namespace Baton.Core.Executions;

/// <summary>The states of docs/state-machine.md. Wire names are the lower-case member names.</summary>
public enum ExecutionStatus
{
    Pending,
    Delivering,
    Retrying,
    Success,
    Failed,
    Missed,
    Cancelled,
}

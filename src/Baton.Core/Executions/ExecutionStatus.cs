namespace Baton.Core.Executions;

/// <summary>The states of DESIGN §3. Wire names are the lower-case member names.</summary>
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

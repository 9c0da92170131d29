namespace Baton.Core.Executions;

public static class ExecutionStatusNames
{
    public const string Pending = "pending";
    public const string Delivering = "delivering";
    public const string Retrying = "retrying";
    public const string Success = "success";
    public const string Failed = "failed";
    public const string Missed = "missed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All =
        [Pending, Delivering, Retrying, Success, Failed, Missed, Cancelled];

    public static string ToName(this ExecutionStatus status) => status switch
    {
        ExecutionStatus.Pending => Pending,
        ExecutionStatus.Delivering => Delivering,
        ExecutionStatus.Retrying => Retrying,
        ExecutionStatus.Success => Success,
        ExecutionStatus.Failed => Failed,
        ExecutionStatus.Missed => Missed,
        ExecutionStatus.Cancelled => Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? name, out ExecutionStatus status)
    {
        switch (name)
        {
            case Pending: status = ExecutionStatus.Pending; return true;
            case Delivering: status = ExecutionStatus.Delivering; return true;
            case Retrying: status = ExecutionStatus.Retrying; return true;
            case Success: status = ExecutionStatus.Success; return true;
            case Failed: status = ExecutionStatus.Failed; return true;
            case Missed: status = ExecutionStatus.Missed; return true;
            case Cancelled: status = ExecutionStatus.Cancelled; return true;
            default: status = default; return false;
        }
    }

    public static ExecutionStatus Parse(string name) =>
        TryParse(name, out var status) ? status : throw new FormatException($"unknown execution status '{name}'");

    public static bool IsTerminal(this ExecutionStatus status) =>
        status is ExecutionStatus.Success or ExecutionStatus.Failed or ExecutionStatus.Missed or ExecutionStatus.Cancelled;
}

using Baton.Core.Executions;

namespace Baton.Core.Events;

/// <summary>The event type names the event stream, awaits and webhooks carry.</summary>
public static class EventTypes
{
    public const string ExecutionCreated = "execution.created";
    public const string ExecutionClaimed = "execution.claimed";
    public const string ExecutionRetrying = "execution.retrying";
    public const string ExecutionSucceeded = "execution.succeeded";
    public const string ExecutionFailed = "execution.failed";
    public const string ExecutionMissed = "execution.missed";
    public const string ExecutionCancelled = "execution.cancelled";
    public const string ExecutionReleased = "execution.released";
    public const string ExecutionVerified = "execution.verified";
    public const string CueFired = "cue.fired";
    public const string CuePaused = "cue.paused";
    public const string CueResumed = "cue.resumed";
    public const string CueFailed = "cue.failed";

    public static readonly IReadOnlyList<string> All =
    [
        ExecutionCreated, ExecutionClaimed, ExecutionRetrying, ExecutionSucceeded, ExecutionFailed, ExecutionMissed,
        ExecutionCancelled, ExecutionReleased, ExecutionVerified, CueFired, CuePaused, CueResumed, CueFailed,
    ];

    /// <summary>The event a transition into <paramref name="status"/> announces.</summary>
    public static string ForStatus(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Pending => ExecutionCreated,
        ExecutionStatus.Delivering => ExecutionClaimed,
        ExecutionStatus.Retrying => ExecutionRetrying,
        ExecutionStatus.Success => ExecutionSucceeded,
        ExecutionStatus.Failed => ExecutionFailed,
        ExecutionStatus.Missed => ExecutionMissed,
        ExecutionStatus.Cancelled => ExecutionCancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}

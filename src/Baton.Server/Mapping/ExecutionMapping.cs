using Baton.Contracts.Executions;
using Baton.Core.Executions;

namespace Baton.Server.Mapping;

/// <summary>Core executions to their wire shapes.</summary>
internal static class ExecutionMapping
{
    public static ExecutionResponse ToResponse(this Execution e) => new()
    {
        Id = e.Id,
        CueId = e.CueId,
        ScheduledFor = e.ScheduledFor,
        Status = e.Status.ToName(),
        HttpStatus = e.HttpStatus,
        Attempts = e.Attempts,
        ErrorMessage = e.ErrorMessage,
        StartedAt = e.StartedAt,
        DeliveredAt = e.DeliveredAt,
        LastAttemptAt = e.LastAttemptAt,
        Outcome = e.Outcome is { } o
            ? new ExecutionOutcomeResponse
            {
                Success = o.Success,
                Result = o.Result,
                Error = o.Error,
                Metadata = JsonText.Parse(o.MetadataJson),
                RecordedAt = o.RecordedAt,
            }
            : null,
        CreatedAt = e.CreatedAt,
        UpdatedAt = e.UpdatedAt,
        Title = e.Title,
        Queue = e.Queue,
        Task = e.Task,
        Agent = e.Agent,
        Priority = e.Priority,
        RunId = e.RunId,
        Tags = e.Tags,
        Payload = JsonText.ParseObject(e.PayloadJson),
        MaxAttempts = e.MaxAttempts,
        NextRetry = e.NextRetry,
        ClaimedByWorker = e.ClaimedByWorker,
        LeaseExpiresAt = e.LeaseExpiresAt,
        LastHeartbeatAt = e.LastHeartbeatAt,
        Progress = JsonText.Parse(e.ProgressJson),
        OutcomeState = e.OutcomeState,
        Evidence = e.Evidence is { } ev
            ? new EvidenceResponse
            {
                ExternalId = ev.ExternalId,
                ResultUrl = ev.ResultUrl,
                ResultRef = ev.ResultRef,
                ResultType = ev.ResultType,
                Summary = ev.Summary,
                Artifacts = JsonText.Parse(ev.ArtifactsJson),
            }
            : null,
        TriggeredBy = e.TriggeredBy,
        ReplayedFrom = e.ReplayedFrom,
        CancelledAt = e.CancelledAt,
        CancelReason = e.CancelReason,
        TraceParent = e.TraceParent,
        TraceState = e.TraceState,
    };

    public static ClaimableExecutionResponse ToClaimable(this Execution e) => new()
    {
        ExecutionId = e.Id,
        CueId = e.CueId,
        CueName = null, // cues arrive in a later issue; a direct enqueue has none
        Task = e.Task,
        ScheduledFor = e.ScheduledFor,
        Payload = JsonText.ParseObject(e.PayloadJson),
        Attempt = e.Attempts + 1,
        Priority = e.Priority,
        Queue = e.Queue,
        RunId = e.RunId,
    };

    public static ClaimedExecutionResponse ToClaimed(this Execution e) => new()
    {
        ExecutionId = e.Id,
        ClaimToken = e.ClaimToken ?? throw new InvalidOperationException("A claimed execution has no claim token."),
        LeaseExpiresAt = e.LeaseExpiresAt ?? throw new InvalidOperationException("A claimed execution has no lease."),
        Execution = e.ToResponse(),
    };

    public static ExecutionCountsResponse ToResponse(this ExecutionCounts c) => new()
    {
        Pending = c.Pending,
        Delivering = c.Delivering,
        Retrying = c.Retrying,
        Success = c.Success,
        Failed = c.Failed,
        Missed = c.Missed,
        Cancelled = c.Cancelled,
    };
}

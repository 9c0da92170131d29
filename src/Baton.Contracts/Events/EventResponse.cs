using System.Text.Json;

namespace Baton.Contracts.Events;

/// <summary>One state change, as the event stream reports it.</summary>
public sealed record EventResponse
{
    /// <summary>The event's number (unique; use <see cref="Cursor"/> to resume, not this).</summary>
    public required long Id { get; init; }

    /// <summary>(ext) The stream position just after this event: pass it as <c>since</c> or <c>Last-Event-ID</c>.</summary>
    public required string Cursor { get; init; }

    /// <summary>e.g. <c>execution.claimed</c>, <c>execution.succeeded</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The execution the event is about.</summary>
    public Guid? ExecutionId { get; init; }

    /// <summary>The execution's run.</summary>
    public string? RunId { get; init; }

    /// <summary>The cue behind the execution, or the cue the event is about.</summary>
    public string? CueId { get; init; }

    /// <summary>The execution's queue.</summary>
    public string? Queue { get; init; }

    /// <summary>The execution's status after the change.</summary>
    public string? Status { get; init; }

    /// <summary>When the change happened.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Details: attempt, task, worker_id, error, next_retry, reason.</summary>
    public JsonElement? Data { get; init; }
}

namespace Baton.Client;

/// <summary>Filters for <c>GET /v1/events</c> and the event stream; null means "any".</summary>
public sealed record EventQuery
{
    /// <summary>Only this execution's events.</summary>
    public Guid? ExecutionId { get; init; }

    /// <summary>Only this run's events.</summary>
    public string? RunId { get; init; }

    /// <summary>Only this cue's events.</summary>
    public string? CueId { get; init; }

    /// <summary>Only this queue's events.</summary>
    public string? Queue { get; init; }

    /// <summary>Only these event types (e.g. <c>execution.succeeded</c>).</summary>
    public IReadOnlyList<string>? Types { get; init; }

    /// <summary>Page size (1–1000, default 100).</summary>
    public int? Limit { get; init; }
}

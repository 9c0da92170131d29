namespace Baton.Client;

/// <summary>Filters and paging for <see cref="BatonClient.ListExecutionsAsync"/>; null fields are not sent.</summary>
public sealed record ExecutionListQuery
{
    /// <summary>Only executions of this cue.</summary>
    public string? CueId { get; init; }

    /// <summary>Only executions in any of these statuses.</summary>
    public IReadOnlyList<string>? Statuses { get; init; }

    /// <summary>Only executions claimed by this worker.</summary>
    public string? WorkerId { get; init; }

    /// <summary>Only executions with this outcome state.</summary>
    public string? OutcomeState { get; init; }

    /// <summary>Only this queue.</summary>
    public string? Queue { get; init; }

    /// <summary>Only this task.</summary>
    public string? Task { get; init; }

    /// <summary>Only this run.</summary>
    public string? RunId { get; init; }

    /// <summary>Only executions carrying this tag.</summary>
    public string? Tag { get; init; }

    /// <summary>Only executions triggered this way (<c>api</c>, <c>replay</c>, …).</summary>
    public string? TriggeredBy { get; init; }

    /// <summary>Page size, 1–100; the server's default is 20.</summary>
    public int? Limit { get; init; }

    /// <summary>How many to skip.</summary>
    public int? Offset { get; init; }
}

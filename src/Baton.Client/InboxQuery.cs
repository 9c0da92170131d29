namespace Baton.Client;

/// <summary>The filters of <c>GET /v1/agents/{ref}/inbox</c> and <c>…/sent</c>; null leaves a filter out.</summary>
public sealed record InboxQuery
{
    /// <summary>Comma-separated delivery states (<c>queued</c>, <c>delivered</c>, <c>read</c>, <c>acked</c>, <c>expired</c>).</summary>
    public string? State { get; init; }

    public DateTimeOffset? Since { get; init; }
    public string? ThreadId { get; init; }

    /// <summary>Only messages from (inbox) or to (sent) this agent.</summary>
    public string? Counterpart { get; init; }

    public int? Limit { get; init; }
    public int? Offset { get; init; }

    /// <summary>(ext, inbox only) Park an empty read up to this many seconds (≤ 60) for a message to arrive.</summary>
    public int? WaitSeconds { get; init; }
}

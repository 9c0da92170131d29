using System.Diagnostics;

namespace Baton.Core.Observability;

/// <summary>
/// The W3C trace context that travels with an execution: taken from the request that made it, stored on the row,
/// handed back with the claim. Work made without a caller's trace (a scheduled cue fire) starts a trace of its own.
/// </summary>
public static class TraceContext
{
    /// <summary>
    /// The current activity's context, to store on work made now: only when it continues a caller's trace (the
    /// request came with a <c>traceparent</c>) or is recorded by Baton's own tracing; otherwise nothing, so a caller
    /// without tracing costs no stored bytes.
    /// </summary>
    public static (string? Parent, string? State) OfCurrentWork()
    {
        var current = Activity.Current;
        if (current is null || current.IdFormat != ActivityIdFormat.W3C) return (null, null);
        if (!current.Recorded && current.ParentSpanId == default) return (null, null);
        return (current.Id, current.TraceStateString);
    }

    /// <summary>
    /// Starts a root span named <paramref name="name"/>, a trace of its own whatever activity is current (the loop's
    /// pass around it belongs to no piece of work). Its activity is null while nobody listens to Baton's source.
    /// </summary>
    public static OwnTrace StartRoot(string name)
    {
        var outer = Activity.Current;
        Activity.Current = null;
        try
        {
            return new OwnTrace(BatonTelemetry.Source.StartActivity(name, ActivityKind.Producer));
        }
        finally
        {
            Activity.Current = outer;
        }
    }

    /// <summary>
    /// The <c>traceparent</c>/<c>tracestate</c> to send on a request made for stored work: the current span when
    /// Baton's tracing records one (a child of the stored context), else the stored context itself, so the receiver
    /// joins the work's trace either way.
    /// </summary>
    public static (string? Parent, string? State) ForOutgoing(string? storedParent, string? storedState) =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current &&
        (Parse(storedParent, storedState) is not { } stored || current.TraceId == stored.TraceId)
            ? (current.Id, current.TraceStateString)
            : (storedParent, storedState);

    /// <summary>The stored context as a parent for a span, or null when there is none or it does not parse.</summary>
    public static ActivityContext? Parse(string? traceParent, string? traceState) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context)
            ? context
            : null;
}

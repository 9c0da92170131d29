using System.Diagnostics;
using Baton.Contracts.Executions;

namespace Baton.Worker.Daemon;

/// <summary>
/// The worker's part of an execution's trace: its span continues the context the claim returned, and the handler
/// gets that context as <c>TRACEPARENT</c>/<c>TRACESTATE</c> (the environment-carrier convention), so a handler
/// instrumented with any OpenTelemetry SDK joins the trace that enqueued the work.
/// </summary>
public static class WorkerTrace
{
    public const string Name = "Baton.Worker";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>
    /// Starts the span of one execution's run as a child of its stored context and makes it current, so the
    /// heartbeats and the outcome the client sends carry it; null when the execution came without a context.
    /// Without a listener in this process the span is still made (unrecorded), only to carry the trace id.
    /// </summary>
    public static Activity? Start(ExecutionResponse execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        if (execution.TraceParent is not { } traceParent ||
            !ActivityContext.TryParse(traceParent, execution.TraceState, isRemote: true, out var parent))
        {
            return null;
        }

        var span = Source.StartActivity("baton handler", ActivityKind.Consumer, parent);
        if (span is null)
        {
            span = new Activity("baton handler");
            span.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
            span.TraceStateString = parent.TraceState;
            span.Start();
        }

        span.SetTag("baton.execution.id", execution.Id.ToString("D"));
        return span;
    }

    /// <summary>
    /// The context a handler continues: the worker's span when a listener records it, else the execution's own
    /// (an unrecorded span would leave the handler's spans under a parent no backend ever receives).
    /// </summary>
    public static (string? Parent, string? State) ForHandler(Activity? span, ExecutionResponse execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return span is { Recorded: true } && span.Source == Source
            ? (span.Id, span.TraceStateString)
            : (execution.TraceParent, execution.TraceState);
    }
}

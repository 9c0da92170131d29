using System.Diagnostics;
using Baton.Core.Executions;
using Baton.Core.Notifications;

namespace Baton.Core.Observability;

/// <summary>
/// The trace events of committed changes: a claim and an outcome each become a span in the trace stored on the
/// execution (its enqueuer's), so one trace runs from the enqueue through the claim and the handler to the outcome
/// whichever requests carried them. Fed by the <see cref="ChangePublisher"/>, like the metrics.
/// </summary>
public static class ExecutionTraces
{
    public static void Record(CommittedChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (!BatonTelemetry.Source.HasListeners()) return;
        foreach (var e in changes.Claimed) Mark("execution claimed", e);
        if (changes.ChangedBy != ChangeCause.Outcome) return;
        foreach (var e in changes.Changed) Mark("execution outcome", e);
    }

    private static void Mark(string name, Execution e)
    {
        if (TraceContext.Parse(e.TraceParent, e.TraceState) is not { } parent) return;
        // The request that committed the change is linked, not the parent: it belongs to the worker's trace.
        IEnumerable<ActivityLink>? links = Activity.Current is { } request ? [new ActivityLink(request.Context)] : null;
        using var span = BatonTelemetry.Source.StartActivity(name, ActivityKind.Internal, parent, links: links);
        if (span is null) return;
        span.SetTag("baton.execution.id", e.Id.ToString("D"));
        span.SetTag("baton.execution.status", e.Status.ToName());
        span.SetTag("baton.execution.attempt", e.Attempts);
        span.SetTag("baton.queue", e.Queue);
        if (e.Task is not null) span.SetTag("baton.task", e.Task);
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Baton.Core.Executions;
using Baton.Core.Notifications;

namespace Baton.Core.Observability;

/// <summary>
/// Baton's own instruments, on one <see cref="Meter"/> named <see cref="BatonTelemetry.Name"/>. Core defines them
/// and the <see cref="ChangePublisher"/> feeds the execution counters and histograms from what each store operation
/// committed; which exporter reads them (Prometheus, OTLP) is the server's choice. Queue and task labels pass through
/// a <see cref="LabelCap"/>, so a tenant with a thousand task names cannot grow a thousand series; no id is a label.
/// </summary>
public sealed class BatonMetrics
{
    /// <summary>Queues kept as labels; later ones are <c>other</c>.</summary>
    public const int QueueLabelCap = 50;

    /// <summary>Task names kept as labels; later ones are <c>other</c>.</summary>
    public const int TaskLabelCap = 100;

    private readonly Counter<long> _enqueued;
    private readonly Counter<long> _claimed;
    private readonly Counter<long> _finished;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _rescued;
    private readonly Counter<long> _missed;
    private readonly Counter<long> _cancelled;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Histogram<double> _wait;
    private readonly Histogram<double> _run;
    private readonly Histogram<double> _schedulerLag;
    private readonly Histogram<double> _cueEffectsLag;
    private readonly Histogram<double> _storeDuration;

    public BatonMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(new MeterOptions(BatonTelemetry.Name));
        _enqueued = Meter.CreateCounter<long>("baton.executions.enqueued", "{execution}",
            "Executions created: by the API, a cue fire, the scheduler, a chain or a replay.");
        _claimed = Meter.CreateCounter<long>("baton.executions.claimed", "{execution}",
            "Executions claimed by a worker or the webhook dispatcher (each attempt counts).");
        _finished = Meter.CreateCounter<long>("baton.executions.finished", "{execution}",
            "Executions that reached a final status: success, failed, missed or cancelled.");
        _retried = Meter.CreateCounter<long>("baton.executions.retried", "{execution}",
            "Failed attempts that will be tried again.");
        _rescued = Meter.CreateCounter<long>("baton.executions.rescued", "{execution}",
            "Claims whose lease expired without an outcome: requeued, or failed after their last attempt.");
        _missed = Meter.CreateCounter<long>("baton.executions.missed", "{execution}",
            "Executions whose claim window closed before anyone claimed them.");
        _cancelled = Meter.CreateCounter<long>("baton.executions.cancelled", "{execution}",
            "Executions cancelled before they finished.");
        _webhookDeliveries = Meter.CreateCounter<long>("baton.webhook.deliveries", "{delivery}",
            "Webhook POSTs, by result and HTTP status class.");
        _wait = Meter.CreateHistogram<double>("baton.execution.wait.duration", "s",
            "From when an execution became claimable to its claim.");
        _run = Meter.CreateHistogram<double>("baton.execution.run.duration", "s",
            "From a claim to the outcome reported for it.");
        _schedulerLag = Meter.CreateHistogram<double>("baton.scheduler.lag", "s",
            "How late the scheduler fired a cue slot: fire time minus slot time.");
        _cueEffectsLag = Meter.CreateHistogram<double>("baton.cue_effects.lag", "s",
            "How long an event waited before the cue-effects loop read it.");
        _storeDuration = Meter.CreateHistogram<double>("baton.store.operation.duration", "s",
            "Store operations on the hot path and in the background loops, by operation.");
    }

    /// <summary>The meter the gauges of the server register on too.</summary>
    public Meter Meter { get; }

    internal LabelCap Queues { get; } = new(QueueLabelCap);

    internal LabelCap Tasks { get; } = new(TaskLabelCap);

    /// <summary>Counts what one store operation committed (called by the <see cref="ChangePublisher"/>).</summary>
    public void Record(CommittedChanges changes)
    {
        foreach (var e in changes.Created)
        {
            _enqueued.Add(1, Work(e.Queue, e.Task, "triggered_by", e.TriggeredBy));
            if (e.TriggeredBy == TriggeredBy.Scheduled) _schedulerLag.Record(Seconds(e.CreatedAt - e.ScheduledFor));
        }

        foreach (var e in changes.Claimed)
        {
            var tags = Work(e.Queue, e.Task);
            _claimed.Add(1, tags);
            _wait.Record(Seconds(e.UpdatedAt - e.AvailableAt), tags);
        }

        foreach (var e in changes.Changed) RecordChanged(e, changes.ChangedBy);

        foreach (var r in changes.Rescued)
        {
            var result = r.Status == ExecutionStatus.Pending ? "requeued" : "failed";
            _rescued.Add(1, Work(r.Queue, r.Task, "result", result));
            if (r.Status.IsTerminal()) Finished(r.Queue, r.Task, r.Status);
        }

        foreach (var r in changes.Missed)
        {
            _missed.Add(1, Work(r.Queue, r.Task));
            Finished(r.Queue, r.Task, r.Status);
        }
    }

    /// <summary>One webhook POST: <paramref name="result"/> is a bounded word, the status becomes its class.</summary>
    public void WebhookDelivered(string result, int? httpStatus) =>
        _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("result", result),
            new("http.status_class", httpStatus is { } s and >= 100 and < 600 ? $"{s / 100}xx" : "none"));

    /// <summary>How long an event waited in the log before the cue-effects loop read it.</summary>
    public void CueEffectsRead(TimeSpan lag) => _cueEffectsLag.Record(Seconds(lag));

    /// <summary>Times a store operation and traces it as a span; dispose when the operation ends.</summary>
    public StoreOperation Store(string operation) => new(this, operation, BatonTelemetry.Source.StartActivity("store " + operation));

    internal void StoreOperationEnded(string operation, TimeSpan elapsed, bool failed) =>
        _storeDuration.Record(Seconds(elapsed), new KeyValuePair<string, object?>("operation", operation),
            new("outcome", failed ? "error" : "ok"));

    private void RecordChanged(Execution e, ChangeCause cause)
    {
        switch (cause)
        {
            case ChangeCause.Outcome:
                var tags = Work(e.Queue, e.Task);
                _run.Record(Seconds(e.UpdatedAt - (e.LastAttemptAt ?? e.UpdatedAt)), tags);
                if (e.Status == ExecutionStatus.Retrying) _retried.Add(1, tags);
                else if (e.Status.IsTerminal()) Finished(e.Queue, e.Task, e.Status);
                break;
            case ChangeCause.Cancel when e.Status == ExecutionStatus.Cancelled:
                _cancelled.Add(1, Work(e.Queue, e.Task));
                Finished(e.Queue, e.Task, e.Status);
                break;
        }
    }

    private void Finished(string queue, string? task, ExecutionStatus status) =>
        _finished.Add(1, Work(queue, task, "status", status.ToName()));

    private TagList Work(string queue, string? task) =>
        new([new("queue", Queues.Label(queue)), new("task", Tasks.Label(task))]);

    private TagList Work(string queue, string? task, string key, string value)
    {
        var tags = Work(queue, task);
        tags.Add(key, value);
        return tags;
    }

    private static double Seconds(TimeSpan t) => t < TimeSpan.Zero ? 0 : t.TotalSeconds;
}

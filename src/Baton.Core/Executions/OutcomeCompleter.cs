using Baton.Core.Storage;

namespace Baton.Core.Executions;

/// <summary>
/// The batch completer: single outcomes arriving on many requests at once (one report each, as agents and
/// <c>baton worker</c> send them) are recorded together, one store call (one transaction) per tenant per flush, and
/// each caller's task completes only after that call committed, so an answer still means the outcome is durable.
/// <para>
/// No timer: a report that finds no flush running is recorded at once, alone, on the caller's thread. Reports that
/// arrive while a flush runs queue, and the next flush takes them all (up to <see cref="MaxReportsPerFlush"/>).
/// Flushes run one after another and each keeps arrival order, so a report sees
/// what every report before it did, exactly as if the requests had run one by one (<see cref="OutcomeBatch"/>
/// decides a repeated id against the earlier report's result).
/// </para>
/// <para>
/// A request that carries several reports (the batch endpoint) is a batch already: it is recorded at once, beside
/// the flushes, as before. Grouping such requests gained nothing and serialising them behind the flushes cost
/// PostgreSQL's batched HTTP burn-down about a third (docs/benchmarks.md, "Session 14"); concurrent requests for the
/// same id are then ordered by the store's compare-and-set, as any two concurrent requests are.
/// </para>
/// <para>
/// If a store call fails, every caller in it fails and none of their reports is stored; a report the rules refuse
/// is only that report's result. A caller that gives up before its flush starts is dropped; once its reports are
/// taken they are recorded whatever its token says, so one aborted request never cancels the others' transaction.
/// </para>
/// </summary>
public sealed class OutcomeCompleter(RecordOutcomes record)
{
    /// <summary>
    /// Most reports one flush takes, so the first caller does not wait behind an unbounded tail for its commit;
    /// the rest stay queued for the next flush.
    /// </summary>
    public const int MaxReportsPerFlush = 1_000;

    private readonly Lock _gate = new();
    private readonly Queue<Waiting> _queue = new();
    private bool _flushing;

    /// <summary>
    /// Records one report with whatever else is waiting, or several at once on their own; the results are in report
    /// order.
    /// </summary>
    public Task<IReadOnlyList<OutcomeResult>> RecordAsync(
        string tenantId, IReadOnlyList<OutcomeReport> reports, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (ct.IsCancellationRequested) return Task.FromCanceled<IReadOnlyList<OutcomeResult>>(ct);
        if (reports.Count != 1) return record(tenantId, reports);
        var waiting = new Waiting(tenantId, reports[0], ct);
        lock (_gate)
        {
            _queue.Enqueue(waiting);
            if (_flushing) return waiting.Answer.Task; // the running flush loop takes it next
            _flushing = true;
        }

        _ = FlushQueuedAsync();
        return waiting.Answer.Task;
    }

    /// <summary>Flushes until the queue is empty. Never throws: every failure is its callers' answer.</summary>
    private async Task FlushQueuedAsync()
    {
        while (TakeQueued() is { Count: > 0 } batch)
        {
            await Task.WhenAll(batch.GroupBy(w => w.TenantId, StringComparer.Ordinal).Select(FlushTenantAsync));
        }
    }

    /// <summary>The next flush's callers, in arrival order; none means the loop ends (decided under the lock).</summary>
    private List<Waiting> TakeQueued()
    {
        lock (_gate)
        {
            var batch = new List<Waiting>();
            while (batch.Count < MaxReportsPerFlush && _queue.TryDequeue(out var next))
            {
                if (next.Ct.IsCancellationRequested) next.Answer.TrySetCanceled(next.Ct);
                else batch.Add(next);
            }

            if (batch.Count == 0) _flushing = false;
            return batch;
        }
    }

    /// <summary>One store call for one tenant's callers; hands each caller its result.</summary>
    private async Task FlushTenantAsync(IGrouping<string, Waiting> callers)
    {
        try
        {
            var results = await record(callers.Key, [.. callers.Select(w => w.Report)]);
            var i = 0;
            foreach (var caller in callers) caller.Answer.TrySetResult([results[i++]]);
        }
        catch (Exception e)
        {
            foreach (var caller in callers) caller.Answer.TrySetException(e);
        }
    }

    private sealed record Waiting(string TenantId, OutcomeReport Report, CancellationToken Ct)
    {
        public TaskCompletionSource<IReadOnlyList<OutcomeResult>> Answer { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>
/// Records one tenant's reports in one store call and answers after its commit, with one result per report in
/// report order.
/// </summary>
public delegate Task<IReadOnlyList<OutcomeResult>> RecordOutcomes(string tenantId, IReadOnlyList<OutcomeReport> reports);

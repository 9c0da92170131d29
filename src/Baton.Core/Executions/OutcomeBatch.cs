using Baton.Core.Events;
using Baton.Core.Storage;

namespace Baton.Core.Executions;

/// <summary>
/// The in-memory half of recording a batch of outcomes, shared by both drivers: each still-undecided report judged
/// against the row as read, or as an earlier report of the same batch left it (a repeated id sees the earlier
/// report's result). <see cref="ChangeBatch.Changes"/> holds one change per execution (the last one decided, which
/// carries every column, so writing it over the row as read gives the batch's end state), <see cref="LastReport"/>
/// the report whose result should carry the written row.
/// </summary>
public sealed class OutcomeBatch : ChangeBatch
{
    public Dictionary<Guid, int> LastReport { get; } = [];

    /// <summary>
    /// Decides the reports at <paramref name="undecided"/> (indexes into <c>p.Reports</c>) against
    /// <paramref name="read"/>, filling <paramref name="results"/> at the same indexes: the execution after the
    /// change, or the domain error that refused the report.
    /// </summary>
    public static OutcomeBatch Decide(
        IReadOnlyDictionary<Guid, Execution> read, RecordOutcomesParams p, IEnumerable<int> undecided,
        OutcomeResult[] results, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(results);
        var batch = new OutcomeBatch();
        var state = new Dictionary<Guid, Execution>(read);
        foreach (var i in undecided)
        {
            var report = p.Reports[i];
            try
            {
                var current = state.GetValueOrDefault(report.ExecutionId);
                var change = ExecutionRules.DecideOutcome(current, report, p.StrictOwnership, now);
                var after = change.ApplyTo(current!, now);
                if (after.Status != current!.Status) batch.Events.Add(NewEvent.For(after, EventTypes.ForStatus(after.Status), now));
                state[report.ExecutionId] = after;
                batch.Changes[report.ExecutionId] = change;
                batch.LastReport[report.ExecutionId] = i;
                results[i] = new OutcomeResult(report.ExecutionId, after, null);
            }
            catch (BatonException e)
            {
                results[i] = new OutcomeResult(report.ExecutionId, null, e);
            }
        }

        return batch;
    }
}

using Baton.Core.Executions;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// A batch of outcomes in one <c>BEGIN IMMEDIATE</c> transaction: read every reported row through the writer's
    /// prepared read, let Core decide the reports (<see cref="OutcomeBatch"/>, the same decision as the PostgreSQL
    /// driver's), then write each change with the prepared compare-and-set and the events with one prepared insert.
    /// The write lock is held from the read to the commit, so one round decides every report.
    /// </summary>
    public Task<IReadOnlyList<OutcomeResult>> RecordOutcomesAsync(RecordOutcomesParams p, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<OutcomeResult>>(tx =>
        {
            var now = Now(p.Now);
            var read = new Dictionary<Guid, Execution>(p.Reports.Count);
            foreach (var report in p.Reports)
            {
                if (!read.ContainsKey(report.ExecutionId) && ReadForUpdate(tx, p.TenantId, report.ExecutionId) is { } row)
                {
                    read[row.Id] = row;
                }
            }

            var results = new OutcomeResult[p.Reports.Count];
            WriteChanges(tx, read, OutcomeBatch.Decide(read, p, Enumerable.Range(0, p.Reports.Count), results, now), now);
            return results;
        }, ct);

    /// <summary>
    /// Writes the changes Core decided over the rows as <paramref name="read"/> (each a compare-and-set, which under
    /// the write lock cannot miss), then their events. Outcomes, the rescuer and the missed-window sweep all write
    /// through it.
    /// </summary>
    private void WriteChanges(
        SqliteTransaction tx, IReadOnlyDictionary<Guid, Execution> read, ChangeBatch decision, DateTimeOffset now)
    {
        foreach (var (id, change) in decision.Changes) Apply(tx, read[id], change, now);
        InsertEvents(tx, decision.Events);
    }
}

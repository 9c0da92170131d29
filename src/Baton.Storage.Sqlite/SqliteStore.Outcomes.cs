using Baton.Core.Executions;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// A batch of outcomes in one <c>BEGIN IMMEDIATE</c> transaction: read every reported row in one statement, let
    /// Core decide the reports (<see cref="OutcomeBatch"/>, the same decision as the PostgreSQL driver's), then
    /// write every change with one compare-and-set statement and the events with one insert.
    /// The write lock is held from the read to the commit, so one round decides every report.
    /// </summary>
    public Task<IReadOnlyList<OutcomeResult>> RecordOutcomesAsync(RecordOutcomesParams p, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<OutcomeResult>>(tx =>
        {
            var now = Now(p.Now);
            var read = ReadForUpdate(tx, p.TenantId, p.Reports.Select(r => r.ExecutionId));
            var results = new OutcomeResult[p.Reports.Count];
            WriteChanges(tx, read, OutcomeBatch.Decide(read, p, Enumerable.Range(0, p.Reports.Count), results, now), now);
            return results;
        }, ct);

    /// <summary>
    /// Writes the changes Core decided over the rows as <paramref name="read"/> (a compare-and-set each, which under
    /// the write lock cannot miss), then their events. Outcomes, the rescuer and the missed-window sweep all write
    /// through it.
    /// </summary>
    private void WriteChanges(
        SqliteTransaction tx, IReadOnlyDictionary<Guid, Execution> read, ChangeBatch decision, DateTimeOffset now)
    {
        Apply(tx, [.. decision.Changes.Select(c => (read[c.Key], c.Value))], now);
        InsertEvents(tx, decision.Events);
    }
}

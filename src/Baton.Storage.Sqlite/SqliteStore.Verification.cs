using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task<Execution> VerifyExecutionAsync(VerifyExecutionParams p, CancellationToken ct) =>
        WriteAsync(tx => VerificationTransition(tx, p.TenantId, p.ExecutionId,
            current => ExecutionRules.DecideVerify(current, p.Valid), Now(p.Now),
            new Dictionary<string, object?> { ["valid"] = p.Valid, ["reason"] = p.Reason }), ct);

    public Task<Execution> MarkVerificationPendingAsync(MarkVerificationPendingParams p, CancellationToken ct) =>
        WriteAsync(tx => VerificationTransition(tx, p.TenantId, p.ExecutionId,
            ExecutionRules.DecideVerificationPending, Now(p.Now)), ct);

    public Task<Execution> UpdateEvidenceAsync(UpdateEvidenceParams p, CancellationToken ct) =>
        WriteAsync(tx => VerificationTransition(tx, p.TenantId, p.ExecutionId,
            current => ExecutionRules.DecideEvidence(current, p.Evidence), Now(p.Now)), ct);

    /// <summary>
    /// Like <c>Transition</c>, but the status never changes here: the event is <c>execution.verified</c>,
    /// written when the outcome state did change.
    /// </summary>
    private Execution VerificationTransition(
        SqliteTransaction tx, string tenantId, Guid id, Func<Execution?, ExecutionChange> decide, DateTimeOffset now,
        IReadOnlyDictionary<string, object?>? eventData = null)
    {
        var current = ReadForUpdate(tx, tenantId, id);
        var change = decide(current);
        var after = Apply(tx, current!, change, now);
        if (after.OutcomeState != current!.OutcomeState)
        {
            InsertEvents(tx, [NewEvent.For(after, EventTypes.ExecutionVerified, now, eventData)]);
        }

        return after;
    }
}

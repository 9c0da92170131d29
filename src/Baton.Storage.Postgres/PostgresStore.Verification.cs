using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<Execution> VerifyExecutionAsync(VerifyExecutionParams p, CancellationToken ct) =>
        InTransactionAsync((c, tx) => VerificationTransitionAsync(c, tx, p.TenantId, p.ExecutionId,
            current => ExecutionRules.DecideVerify(current, p.Valid), Now(p.Now), ct,
            new Dictionary<string, object?> { ["valid"] = p.Valid, ["reason"] = p.Reason }), ct);

    public Task<Execution> MarkVerificationPendingAsync(MarkVerificationPendingParams p, CancellationToken ct) =>
        InTransactionAsync((c, tx) => VerificationTransitionAsync(c, tx, p.TenantId, p.ExecutionId,
            ExecutionRules.DecideVerificationPending, Now(p.Now), ct), ct);

    public Task<Execution> UpdateEvidenceAsync(UpdateEvidenceParams p, CancellationToken ct) =>
        InTransactionAsync((c, tx) => VerificationTransitionAsync(c, tx, p.TenantId, p.ExecutionId,
            current => ExecutionRules.DecideEvidence(current, p.Evidence), Now(p.Now), ct), ct);

    /// <summary>
    /// Like <see cref="TransitionAsync"/>, but the status never changes here: the event is
    /// <c>execution.verified</c>, written when the outcome state did change.
    /// </summary>
    private static async Task<Execution> VerificationTransitionAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, Func<Execution?, ExecutionChange> decide,
        DateTimeOffset now, CancellationToken ct, IReadOnlyDictionary<string, object?>? eventData = null)
    {
        var current = await ReadForUpdateAsync(c, tx, tenantId, id, ct);
        var change = decide(current);
        await using var cmd = new NpgsqlCommand(ApplyChangeSql, c, tx);
        BindChange(cmd.Parameters, change).With("@seq", current!.Sequence).With("@old_status", current.Status.ToName())
            .With("@old_claim_token", NpgsqlDbType.Text, current.ClaimToken).With("@now", now);
        // We hold the row lock; no row means our transaction id is older than the last event writer's.
        var after = await ExecutionRows.ReadOneAsync(cmd, ct) ?? throw new StaleTransactionException();
        if (after.OutcomeState != current.OutcomeState)
        {
            await InsertEventsAsync(c, tx, [NewEvent.For(after, EventTypes.ExecutionVerified, now, eventData)], ct);
        }

        return after;
    }
}

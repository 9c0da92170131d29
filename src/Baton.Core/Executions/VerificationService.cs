using Baton.Core.Notifications;
using Baton.Core.Storage;

namespace Baton.Core.Executions;

/// <summary>
/// Verify, park for verification, and late evidence. The rules are in
/// <see cref="ExecutionRules"/>; the store writes them as a compare-and-set; this reports each commit to the
/// <see cref="ChangePublisher"/>, which wakes awaiters and event readers (and so the cue-effects loop, which raises
/// <c>verification_failed</c> alerts).
/// </summary>
public sealed class VerificationService(IExecutionStore store, ChangePublisher changes, TimeProvider time)
{
    public async Task<Execution> VerifyAsync(string tenantId, Guid id, bool valid, string? reason, CancellationToken ct) =>
        Changed(await store.VerifyExecutionAsync(new VerifyExecutionParams(tenantId, id, valid, reason, time.GetUtcNow()), ct));

    public async Task<Execution> MarkPendingAsync(string tenantId, Guid id, CancellationToken ct) =>
        Changed(await store.MarkVerificationPendingAsync(new MarkVerificationPendingParams(tenantId, id, time.GetUtcNow()), ct));

    public async Task<Execution> UpdateEvidenceAsync(string tenantId, Guid id, Evidence evidence, CancellationToken ct) =>
        Changed(await store.UpdateEvidenceAsync(new UpdateEvidenceParams(tenantId, id, evidence, time.GetUtcNow()), ct));

    private Execution Changed(Execution e)
    {
        changes.Publish(new CommittedChanges { Changed = [e], ChangedBy = ChangeCause.Verification });
        return e;
    }
}

using Baton.Core;
using Baton.Core.Executions;
using Baton.Core.Storage;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// What makes a row claimable by the dispatcher: across tenants, only <c>transport = 'webhook'</c>, served by the
    /// partial index <c>executions_claim_webhook</c>. It runs in the worker claim statement (<see cref="ClaimSql"/>),
    /// so SKIP LOCKED lets every node's dispatcher claim at once without ever picking the same row (and the time is
    /// compared as there, see <see cref="ClaimableTerms"/>).
    /// </summary>
    private const string WebhookClaimableTerms =
        "e.status IN ('pending', 'retrying') AND e.transport = 'webhook' AND e.available_at <= (SELECT @now) " +
        "AND (e.expires_at IS NULL OR e.expires_at > @now OR e.attempts > 0)";

    public async Task<IReadOnlyList<Execution>> ClaimWebhookExecutionsAsync(ClaimWebhookExecutionsParams p, CancellationToken ct)
    {
        var now = Now(p.Now);
        await using var cmd = _dataSource.CreateCommand(ClaimStatement(WebhookClaimableTerms, p.Limit));
        BindClaim(cmd.Parameters, now, p.WorkerId, p.LeaseSeconds);
        return ClaimOrder.Sort(await ExecutionRows.ReadAllAsync(cmd, ct));
    }

    public async Task<string?> GetWebhookSecretAsync(GetWebhookSecretParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT webhook_secret FROM tenants WHERE id = @id")
            .With("@id", p.TenantId);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    public async Task<string> SetWebhookSecretAsync(SetWebhookSecretParams p, CancellationToken ct)
    {
        // One statement: the row lock orders two concurrent first uses, and the second keeps the first's secret.
        await using var cmd = _dataSource.CreateCommand("""
                UPDATE tenants SET webhook_secret = CASE WHEN @replace OR webhook_secret IS NULL
                                                         THEN @secret ELSE webhook_secret END
                WHERE id = @id
                RETURNING webhook_secret
                """).With("@replace", p.Replace).With("@secret", p.Secret).With("@id", p.TenantId);
        return await cmd.ExecuteScalarAsync(ct) as string ?? throw Errors.InvalidApiKey();
    }
}

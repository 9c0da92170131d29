using Baton.Core;
using Baton.Core.Executions;
using Baton.Core.Storage;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// What makes a row claimable by the webhook dispatcher: the worker terms without the tenant, for
    /// <c>transport = 'webhook'</c>. <c>status IN ('pending', 'retrying') AND transport = 'webhook'</c> must stay
    /// word for word the WHERE of <c>executions_claim_webhook</c>, or SQLite will not use it.
    /// </summary>
    private const string WebhookClaimableTerms =
        "status IN ('pending', 'retrying') AND transport = 'webhook' AND available_at <= $now " +
        "AND (expires_at IS NULL OR expires_at > $now OR attempts > 0)";

    /// <summary>The same pick and <c>UPDATE … RETURNING</c> as a worker claim, across tenants.</summary>
    public Task<IReadOnlyList<Execution>> ClaimWebhookExecutionsAsync(ClaimWebhookExecutionsParams p, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<Execution>>(tx =>
        {
            var now = Now(p.Now);
            var pick = PreparedWriteCommand(tx, $"""
                    SELECT seq, status FROM executions WHERE {WebhookClaimableTerms}
                    ORDER BY priority DESC, available_at, seq LIMIT {Db.Count(p.Limit)}
                    """)
                .With("$now", Db.Micros(now));
            return ClaimPicked(tx, pick, p.WorkerId, p.LeaseSeconds, now);
        }, ct);

    public Task<string?> GetWebhookSecretAsync(GetWebhookSecretParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, "SELECT webhook_secret FROM tenants WHERE id = $id").With("$id", p.TenantId);
        return Task.FromResult(cmd.ExecuteScalar() as string);
    }

    public Task<string> SetWebhookSecretAsync(SetWebhookSecretParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            using var cmd = WriteCommand(tx, """
                    UPDATE tenants SET webhook_secret = CASE WHEN $replace OR webhook_secret IS NULL
                                                             THEN $secret ELSE webhook_secret END
                    WHERE id = $id
                    RETURNING webhook_secret
                    """)
                .With("$replace", p.Replace ? 1 : 0).With("$secret", p.Secret).With("$id", p.TenantId);
            return cmd.ExecuteScalar() as string ?? throw Errors.InvalidApiKey();
        }, ct);
}

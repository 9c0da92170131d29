using Baton.Core;
using Baton.Core.Messaging;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const int SqliteConstraintUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE (extended result code)

    public Task<Agent> CreateAgentAsync(CreateAgentParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var now = Db.Micros(Now(p.Now));
            using var insert = WriteCommand(tx, $"""
                    INSERT INTO agents (id, tenant_id, slug, display_name, webhook_url, webhook_secret, metadata, status,
                                        created_at, updated_at)
                    VALUES ($id, $t, $slug, $name, $url, $secret, $meta, 'offline', $now, $now)
                    RETURNING {AgentRows.Columns}
                    """)
                .With("$id", p.Id).With("$t", p.TenantId).With("$slug", p.Slug).With("$name", p.DisplayName)
                .With("$url", p.WebhookUrl).With("$secret", p.WebhookSecret).With("$meta", p.MetadataJson).With("$now", now);
            try
            {
                using var r = insert.ExecuteReader();
                r.Read();
                return AgentRows.Read(r);
            }
            catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintUnique)
            {
                throw Errors.AgentSlugTaken(p.Slug);
            }
        }, ct);

    public Task<Agent?> GetAgentAsync(GetAgentParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        // Among deleted agents a slug may repeat: the newest answers.
        using var cmd = Db.Command(c, $"""
                SELECT {AgentRows.Columns} FROM agents
                WHERE tenant_id = $t AND (($id IS NOT NULL AND id = $id) OR ($id IS NULL AND slug = $slug))
                  AND ($deleted OR deleted_at IS NULL)
                ORDER BY deleted_at IS NULL DESC, created_at DESC LIMIT 1
                """)
            .With("$t", p.TenantId).With("$id", p.Id).With("$slug", p.Slug).With("$deleted", p.IncludeDeleted);
        using var r = cmd.ExecuteReader();
        return Task.FromResult(r.Read() ? AgentRows.Read(r) : null);
    }

    public Task<AgentPage> ListAgentsAsync(ListAgentsParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        const string where = "tenant_id = $t AND ($deleted OR deleted_at IS NULL) AND ($status IS NULL OR status = $status)";
        using var cmd = Db.Command(c, $"""
                SELECT {AgentRows.Columns} FROM agents WHERE {where}
                ORDER BY created_at, id LIMIT {Db.Count(p.Limit)} OFFSET {Db.Count(p.Offset)}
                """)
            .With("$t", p.TenantId).With("$deleted", p.IncludeDeleted).With("$status", p.Status);
        var items = new List<Agent>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read()) items.Add(AgentRows.Read(r));
        }

        using var count = Db.Command(c, "SELECT count(*) FROM agents WHERE " + where)
            .With("$t", p.TenantId).With("$deleted", p.IncludeDeleted).With("$status", p.Status);
        return Task.FromResult(new AgentPage(items, (long)count.ExecuteScalar()!));
    }

    public Task<Agent> UpdateAgentAsync(UpdateAgentParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            using var update = WriteCommand(tx, $"""
                    UPDATE agents SET
                        display_name = coalesce($name, display_name),
                        webhook_url = CASE WHEN $clear THEN NULL ELSE coalesce($url, webhook_url) END,
                        webhook_secret = CASE WHEN $clear THEN NULL ELSE coalesce($secret, webhook_secret) END,
                        status = coalesce($status, status),
                        metadata = coalesce($meta, metadata),
                        updated_at = $now
                    WHERE tenant_id = $t AND id = $id AND deleted_at IS NULL
                    RETURNING {AgentRows.Columns}
                    """)
                .With("$t", p.TenantId).With("$id", p.AgentId).With("$name", p.DisplayName).With("$url", p.WebhookUrl)
                .With("$clear", p.ClearWebhookUrl).With("$secret", p.WebhookSecret).With("$status", p.Status)
                .With("$meta", p.MetadataJson).With("$now", Db.Micros(Now(p.Now)));
            using var r = update.ExecuteReader();
            return r.Read() ? AgentRows.Read(r) : throw Errors.AgentNotFound();
        }, ct);

    public Task<bool> DeleteAgentAsync(DeleteAgentParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            using var delete = WriteCommand(tx, """
                    UPDATE agents SET deleted_at = $now, updated_at = $now, status = 'offline'
                    WHERE tenant_id = $t AND id = $id AND deleted_at IS NULL
                    """)
                .With("$t", p.TenantId).With("$id", p.AgentId).With("$now", Db.Micros(Now(p.Now)));
            return delete.ExecuteNonQuery() > 0;
        }, ct);
}

using Baton.Core;
using Baton.Core.Messaging;
using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    public async Task<Agent> CreateAgentAsync(CreateAgentParams p, CancellationToken ct)
    {
        await using var insert = _dataSource.CreateCommand($"""
                INSERT INTO agents (id, tenant_id, slug, display_name, webhook_url, webhook_secret, metadata, status,
                                    created_at, updated_at)
                VALUES (@id, @t, @slug, @name, @url, @secret, @meta, 'offline', @now, @now)
                RETURNING {AgentRows.Columns}
                """)
            .With("@id", p.Id).With("@t", p.TenantId).With("@slug", p.Slug).With("@name", p.DisplayName)
            .With("@url", NpgsqlDbType.Text, p.WebhookUrl).With("@secret", NpgsqlDbType.Text, p.WebhookSecret)
            .With("@meta", NpgsqlDbType.Jsonb, p.MetadataJson).With("@now", Now(p.Now));
        try
        {
            return (await AgentRows.ReadOneAsync(insert, ct))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw Errors.AgentSlugTaken(p.Slug);
        }
    }

    public async Task<Agent?> GetAgentAsync(GetAgentParams p, CancellationToken ct)
    {
        // Among deleted agents a slug may repeat: the live one, else the newest, answers.
        await using var cmd = _dataSource.CreateCommand($"""
                SELECT {AgentRows.Columns} FROM agents
                WHERE tenant_id = @t AND ((@id::text IS NOT NULL AND id = @id) OR (@id::text IS NULL AND slug = @slug))
                  AND (@deleted OR deleted_at IS NULL)
                ORDER BY deleted_at IS NULL DESC, created_at DESC LIMIT 1
                """)
            .With("@t", p.TenantId).With("@id", NpgsqlDbType.Text, p.Id).With("@slug", NpgsqlDbType.Text, p.Slug)
            .With("@deleted", p.IncludeDeleted);
        return await AgentRows.ReadOneAsync(cmd, ct);
    }

    public async Task<AgentPage> ListAgentsAsync(ListAgentsParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand($"""
                SELECT {AgentRows.Columns}, count(*) OVER () FROM agents
                WHERE tenant_id = @t AND (@deleted OR deleted_at IS NULL) AND (@status::text IS NULL OR status = @status)
                ORDER BY created_at, id LIMIT @limit OFFSET @offset
                """)
            .With("@t", p.TenantId).With("@deleted", p.IncludeDeleted).With("@status", NpgsqlDbType.Text, p.Status)
            .With("@limit", p.Limit).With("@offset", p.Offset);
        var items = new List<Agent>();
        long total = 0;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                items.Add(AgentRows.Read(r));
                total = r.GetInt64(11);
            }
        }

        if (items.Count == 0 && p.Offset > 0)
        {
            // Past the end the window function sees no rows; count them on their own.
            await using var count = _dataSource.CreateCommand("""
                    SELECT count(*) FROM agents
                    WHERE tenant_id = @t AND (@deleted OR deleted_at IS NULL) AND (@status::text IS NULL OR status = @status)
                    """)
                .With("@t", p.TenantId).With("@deleted", p.IncludeDeleted).With("@status", NpgsqlDbType.Text, p.Status);
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        return new AgentPage(items, total);
    }

    public async Task<Agent> UpdateAgentAsync(UpdateAgentParams p, CancellationToken ct)
    {
        await using var update = _dataSource.CreateCommand($"""
                UPDATE agents SET
                    display_name = coalesce(@name, display_name),
                    webhook_url = CASE WHEN @clear THEN NULL ELSE coalesce(@url, webhook_url) END,
                    webhook_secret = CASE WHEN @clear THEN NULL ELSE coalesce(@secret, webhook_secret) END,
                    status = coalesce(@status, status),
                    metadata = coalesce(@meta, metadata),
                    updated_at = @now
                WHERE tenant_id = @t AND id = @id AND deleted_at IS NULL
                RETURNING {AgentRows.Columns}
                """)
            .With("@t", p.TenantId).With("@id", p.AgentId).With("@name", NpgsqlDbType.Text, p.DisplayName)
            .With("@url", NpgsqlDbType.Text, p.WebhookUrl).With("@clear", p.ClearWebhookUrl)
            .With("@secret", NpgsqlDbType.Text, p.WebhookSecret).With("@status", NpgsqlDbType.Text, p.Status)
            .With("@meta", NpgsqlDbType.Jsonb, p.MetadataJson).With("@now", Now(p.Now));
        return await AgentRows.ReadOneAsync(update, ct) ?? throw Errors.AgentNotFound();
    }

    public async Task<bool> DeleteAgentAsync(DeleteAgentParams p, CancellationToken ct)
    {
        await using var delete = _dataSource.CreateCommand("""
                UPDATE agents SET deleted_at = @now, updated_at = @now, status = 'offline'
                WHERE tenant_id = @t AND id = @id AND deleted_at IS NULL
                """)
            .With("@t", p.TenantId).With("@id", p.AgentId).With("@now", Now(p.Now));
        return await delete.ExecuteNonQueryAsync(ct) > 0;
    }
}

using Baton.Core;
using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// A scheduled slot's execution; a slot another node already fired conflicts on executions_one_per_slot and
    /// inserts (and returns) nothing, so two schedulers racing on one slot make one execution.
    /// </summary>
    private static readonly string InsertSlotExecutionSql = $"""
        INSERT INTO executions AS e (id, tenant_id, cue_id, status, scheduled_for, available_at, expires_at, title,
            queue, task, agent, priority, run_id, tags, payload, attempts, max_attempts, backoff_seconds, triggered_by,
            created_at, updated_at, last_event_tx, transport, verification_mode, trace_parent, trace_state)
        VALUES (@id, @tenant, @cue_id, 'pending', @scheduled_for, @scheduled_for, @expires_at, @title, @queue,
            @task, @agent, @priority, NULL, ARRAY[]::text[], @payload, 0, @max_attempts, @backoff, 'scheduled', @now, @now,
            pg_current_xact_id(), @transport, @verification_mode, @trace_parent, @trace_state)
        ON CONFLICT (cue_id, scheduled_for) WHERE triggered_by = 'scheduled' DO NOTHING
        RETURNING {ExecutionRows.Columns}
        """;

    /// <summary>The unique (tenant_id, name) constraint PostgreSQL named for the cues table.</summary>
    private const string CueNameConstraint = "cues_tenant_id_name_key";

    public Task<Cue> CreateCueAsync(CreateCueParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var now = Now(p.Now);
            await using var insert = new NpgsqlCommand($"""
                    INSERT INTO cues (id, tenant_id, name, status, definition, next_run, created_at, updated_at)
                    VALUES (@id, @t, @name, 'active', @definition, @next_run, @now, @now)
                    RETURNING {CueRows.Columns}
                    """, c, tx)
                .With("@id", p.CueId).With("@t", p.TenantId).With("@name", p.Name)
                .With("@definition", CueDefinitionJson.Serialize(p.Definition))
                .With("@next_run", NpgsqlDbType.TimestampTz, Pg.Micros(CueSchedule.NextRunFrom(p.Definition, now)))
                .With("@now", now);
            return (await WithUniqueNameAsync(p.Name, () => CueRows.ReadOneAsync(insert, ct)))!;
        }, ct);

    public async Task<Cue?> GetCueAsync(GetCueParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand($"SELECT {CueRows.Columns} FROM cues WHERE id = @id AND tenant_id = @t")
            .With("@id", p.CueId).With("@t", p.TenantId);
        return await CueRows.ReadOneAsync(cmd, ct);
    }

    public async Task<CuePage> ListCuesAsync(ListCuesParams p, CancellationToken ct)
    {
        await using var list = _dataSource.CreateCommand($"""
                SELECT {CueRows.Columns} FROM cues WHERE tenant_id = @t AND (@status::text IS NULL OR status = @status)
                ORDER BY seq DESC LIMIT @limit OFFSET @offset
                """)
            .With("@t", p.TenantId).With("@status", NpgsqlDbType.Text, p.Status).With("@limit", p.Limit)
            .With("@offset", p.Offset);
        var cues = await CueRows.ReadAllAsync(list, ct);
        await using var count = _dataSource.CreateCommand(
                "SELECT count(*) FROM cues WHERE tenant_id = @t AND (@status::text IS NULL OR status = @status)")
            .With("@t", p.TenantId).With("@status", NpgsqlDbType.Text, p.Status);
        return new CuePage(cues, (long)(await count.ExecuteScalarAsync(ct))!);
    }

    public Task<Cue> UpdateCueAsync(UpdateCueParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            Cue before;
            await using (var read = new NpgsqlCommand(
                                 $"SELECT {CueRows.Columns} FROM cues WHERE id = @id AND tenant_id = @t FOR UPDATE", c, tx)
                             .With("@id", p.CueId).With("@t", p.TenantId))
            {
                before = await CueRows.ReadOneAsync(read, ct) ?? throw Errors.CueNotFound();
            }

            var now = Now(p.Now);
            await using var update = new NpgsqlCommand($"""
                    UPDATE cues SET name = @name, definition = @definition, status = @status, next_run = @next_run,
                        updated_at = @now
                    WHERE id = @id AND tenant_id = @t
                    RETURNING {CueRows.Columns}
                    """, c, tx)
                .With("@id", p.CueId).With("@t", p.TenantId).With("@name", p.Name)
                .With("@definition", CueDefinitionJson.Serialize(p.Definition)).With("@status", p.Status)
                .With("@next_run", NpgsqlDbType.TimestampTz, Pg.Micros(p.NextRun)).With("@now", now);
            var after = (await WithUniqueNameAsync(p.Name, () => CueRows.ReadOneAsync(update, ct)))!;
            if (CueEvents.ForStatusChange(before.Status, after.Status) is { } type)
            {
                await InsertEventsAsync(c, tx, [CueEvents.For(after, type, now)], ct);
            }

            return after;
        }, ct);

    public async Task<bool> DeleteCueAsync(DeleteCueParams p, CancellationToken ct)
    {
        await using var delete = _dataSource.CreateCommand("DELETE FROM cues WHERE id = @id AND tenant_id = @t")
            .With("@id", p.CueId).With("@t", p.TenantId);
        return await delete.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// Locks the due cues it takes (<c>SKIP LOCKED</c>: a second node's pass takes other cues or none), inserts
    /// each slot's execution with ON CONFLICT DO NOTHING, and advances next_run. Even a node acting on a stale
    /// read of leadership cannot double a slot: the unique slot index decides.
    /// </summary>
    public Task<FireDueCuesResult> FireDueCuesAsync(FireDueCuesParams p, CancellationToken ct) =>
        InTransactionAsync((c, tx) => CueFiring.FireDueAsync(new CueTransaction(c, tx), p, Now(p.Now), _time, ct), ct);

    public Task<EnqueueResult> FireCueAsync(FireCueParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var now = Now(p.Now);
            await using (var exists = new NpgsqlCommand("SELECT 1 FROM cues WHERE id = @id AND tenant_id = @t", c, tx)
                             .With("@id", p.CueId).With("@t", p.TenantId))
            {
                if (await exists.ExecuteScalarAsync(ct) is null) throw Errors.CueNotFound();
            }

            var result = await EnqueueInTransactionAsync(c, tx, new EnqueueExecutionsParams(p.TenantId, [p.Execution], now), ct);
            if (result.Existing[0]) return result;

            await using var count = new NpgsqlCommand($"""
                    UPDATE cues SET fired_count = fired_count + 1, updated_at = @now WHERE id = @id
                    RETURNING {CueRows.Columns}
                    """, c, tx)
                .With("@id", p.CueId).With("@now", now);
            var cue = (await CueRows.ReadOneAsync(count, ct))!;
            await InsertEventsAsync(c, tx, [CueEvents.For(cue, EventTypes.CueFired, now, result.Executions[0])], ct);
            return result;
        }, ct);

    /// <summary>Turns the unique-name violation into duplicate_cue_name (the transaction is rolled back by the caller).</summary>
    private static async Task<T> WithUniqueNameAsync<T>(string name, Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation &&
                                          e.ConstraintName == CueNameConstraint)
        {
            throw Errors.DuplicateCueName(name);
        }
    }
}

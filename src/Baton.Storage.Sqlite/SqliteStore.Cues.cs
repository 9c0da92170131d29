using Baton.Core;
using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// A scheduled slot's execution; a slot another scheduler already fired conflicts on executions_one_per_slot
    /// and inserts (and returns) nothing. The conflict target repeats the index's WHERE, as SQLite requires.
    /// </summary>
    private static readonly string InsertSlotExecutionSql = $"""
        INSERT INTO executions (id, tenant_id, cue_id, status, scheduled_for, available_at, expires_at, title, queue,
            task, agent, priority, run_id, tags, payload, attempts, max_attempts, backoff_seconds, triggered_by,
            created_at, updated_at, transport, verification_mode, trace_parent, trace_state)
        VALUES ($id, $tenant, $cue_id, 'pending', $scheduled_for, $scheduled_for, $expires_at, $title, $queue,
            $task, $agent, $priority, NULL, '[]', $payload, 0, $max_attempts, $backoff, 'scheduled', $now, $now,
            $transport, $verification_mode, $trace_parent, $trace_state)
        ON CONFLICT (cue_id, scheduled_for) WHERE triggered_by = 'scheduled' DO NOTHING
        RETURNING {ExecutionRows.Columns}
        """;

    public Task<Cue> CreateCueAsync(CreateCueParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            EnsureNameFree(tx, p.TenantId, p.Name, exceptCueId: null);
            var now = Now(p.Now);
            using var insert = WriteCommand(tx, $"""
                    INSERT INTO cues (id, tenant_id, name, status, definition, next_run, created_at, updated_at)
                    VALUES ($id, $t, $name, 'active', $definition, $next_run, $now, $now)
                    RETURNING {CueRows.Columns}
                    """)
                .With("$id", p.CueId).With("$t", p.TenantId).With("$name", p.Name)
                .With("$definition", CueDefinitionJson.Serialize(p.Definition))
                .With("$next_run", Db.Micros(CueSchedule.NextRunFrom(p.Definition, now))).With("$now", Db.Micros(now));
            return CueRows.ReadOne(insert)!;
        }, ct);

    public Task<Cue?> GetCueAsync(GetCueParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, $"SELECT {CueRows.Columns} FROM cues WHERE id = $id AND tenant_id = $t")
            .With("$id", p.CueId).With("$t", p.TenantId);
        return Task.FromResult(CueRows.ReadOne(cmd));
    }

    public Task<CuePage> ListCuesAsync(ListCuesParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var list = Db.Command(c, $"""
                SELECT {CueRows.Columns} FROM cues WHERE tenant_id = $t AND ($status IS NULL OR status = $status)
                ORDER BY seq DESC LIMIT {Db.Count(p.Limit)} OFFSET {Db.Count(p.Offset)}
                """)
            .With("$t", p.TenantId).With("$status", p.Status);
        var cues = CueRows.ReadAll(list);
        using var count = Db.Command(c, "SELECT count(*) FROM cues WHERE tenant_id = $t AND ($status IS NULL OR status = $status)")
            .With("$t", p.TenantId).With("$status", p.Status);
        return Task.FromResult(new CuePage(cues, (long)count.ExecuteScalar()!));
    }

    public Task<Cue> UpdateCueAsync(UpdateCueParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var before = ReadCue(tx, p.TenantId, p.CueId) ?? throw Errors.CueNotFound();
            EnsureNameFree(tx, p.TenantId, p.Name, p.CueId);
            var now = Now(p.Now);
            using var update = WriteCommand(tx, $"""
                    UPDATE cues SET name = $name, definition = $definition, status = $status, next_run = $next_run,
                        updated_at = $now
                    WHERE id = $id AND tenant_id = $t
                    RETURNING {CueRows.Columns}
                    """)
                .With("$id", p.CueId).With("$t", p.TenantId).With("$name", p.Name)
                .With("$definition", CueDefinitionJson.Serialize(p.Definition)).With("$status", p.Status)
                .With("$next_run", Db.Micros(p.NextRun)).With("$now", Db.Micros(now));
            var after = CueRows.ReadOne(update)!;
            if (CueEvents.ForStatusChange(before.Status, after.Status) is { } type)
            {
                InsertEvents(tx, [CueEvents.For(after, type, now)]);
            }

            return after;
        }, ct);

    public Task<bool> DeleteCueAsync(DeleteCueParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            using var delete = WriteCommand(tx, "DELETE FROM cues WHERE id = $id AND tenant_id = $t")
                .With("$id", p.CueId).With("$t", p.TenantId);
            return delete.ExecuteNonQuery() == 1;
        }, ct);

    public Task<FireDueCuesResult> FireDueCuesAsync(FireDueCuesParams p, CancellationToken ct) =>
        WriteStepsAsync(tx => CueFiring.FireDueAsync(new CueTransaction(this, tx), p, Now(p.Now), _time, ct), ct);

    public Task<EnqueueResult> FireCueAsync(FireCueParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            if (ReadCue(tx, p.TenantId, p.CueId) is null) throw Errors.CueNotFound();
            var now = Now(p.Now);
            var result = EnqueueInTransaction(tx, new EnqueueExecutionsParams(p.TenantId, [p.Execution], now));
            if (result.Existing[0]) return result;

            using var count = WriteCommand(tx, $"""
                    UPDATE cues SET fired_count = fired_count + 1, updated_at = $now WHERE id = $id
                    RETURNING {CueRows.Columns}
                    """)
                .With("$id", p.CueId).With("$now", Db.Micros(now));
            var cue = CueRows.ReadOne(count)!;
            InsertEvents(tx, [CueEvents.For(cue, EventTypes.CueFired, now, result.Executions[0])]);
            return result;
        }, ct);

    private Cue? ReadCue(SqliteTransaction tx, string tenantId, string cueId)
    {
        using var cmd = WriteCommand(tx, $"SELECT {CueRows.Columns} FROM cues WHERE id = $id AND tenant_id = $t")
            .With("$id", cueId).With("$t", tenantId);
        return CueRows.ReadOne(cmd);
    }

    /// <summary>Names are unique per tenant; checked inside the write transaction, which holds SQLite's one write lock.</summary>
    private void EnsureNameFree(SqliteTransaction tx, string tenantId, string name, string? exceptCueId)
    {
        using var cmd = WriteCommand(tx, "SELECT 1 FROM cues WHERE tenant_id = $t AND name = $name AND id IS NOT $except")
            .With("$t", tenantId).With("$name", name).With("$except", exceptCueId);
        if (cmd.ExecuteScalar() is not null) throw Errors.DuplicateCueName(name);
    }
}

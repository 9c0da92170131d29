using Baton.Core.Alerts;
using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// The statements of Core's cue steps inside one transaction. Due cues and the cue an effect changes are
    /// locked (<c>FOR UPDATE</c>), so several nodes' passes take different cues and never write one twice.
    /// </summary>
    private sealed class CueTransaction(NpgsqlConnection c, NpgsqlTransaction tx) : ICueTransaction
    {
        public async Task<IReadOnlyList<Cue>> ReadDueCuesAsync(DateTimeOffset now, int limit, CancellationToken ct)
        {
            // SKIP LOCKED: a second node's pass takes other cues or none.
            await using var select = new NpgsqlCommand($"""
                    SELECT {CueRows.Columns} FROM cues
                    WHERE status = 'active' AND next_run IS NOT NULL AND next_run <= @now
                    ORDER BY next_run LIMIT @limit
                    FOR UPDATE SKIP LOCKED
                    """, c, tx)
                .With("@now", now).With("@limit", limit);
            return await CueRows.ReadAllAsync(select, ct);
        }

        public async Task<Execution?> InsertSlotExecutionAsync(Cue cue, NewExecution e, DateTimeOffset now, CancellationToken ct)
        {
            await using var insert = new NpgsqlCommand(InsertSlotExecutionSql, c, tx)
                .With("@id", e.Id).With("@tenant", cue.TenantId).With("@cue_id", cue.Id)
                .With("@scheduled_for", Pg.Micros(e.ScheduledFor))
                .With("@expires_at", NpgsqlDbType.TimestampTz, Pg.Micros(e.ExpiresAt))
                .With("@title", NpgsqlDbType.Text, e.Title).With("@queue", e.Queue)
                .With("@task", NpgsqlDbType.Text, e.Task).With("@agent", NpgsqlDbType.Text, e.Agent)
                .With("@priority", e.Priority).With("@payload", e.PayloadJson)
                .With("@max_attempts", e.MaxAttempts).With("@backoff", e.BackoffSeconds.ToArray())
                .With("@now", now).With("@transport", e.Transport).With("@verification_mode", e.VerificationMode)
                .With("@trace_parent", NpgsqlDbType.Text, e.TraceParent).With("@trace_state", NpgsqlDbType.Text, e.TraceState);
            return await ExecutionRows.ReadOneAsync(insert, ct);
        }

        public async Task<Cue?> AdvanceCueAsync(Cue cue, DueSlots slots, int fired, DateTimeOffset now, CancellationToken ct)
        {
            // The row was locked by ReadDueCuesAsync, so no compare-and-set on next_run is needed.
            await using var advance = new NpgsqlCommand($"""
                    UPDATE cues SET next_run = @next_run, last_run = coalesce(@last_run, last_run),
                        run_count = run_count + @made, fired_count = fired_count + @made, updated_at = @now
                    WHERE id = @id
                    RETURNING {CueRows.Columns}
                    """, c, tx)
                .With("@id", cue.Id).With("@next_run", NpgsqlDbType.TimestampTz, Pg.Micros(slots.NextRun))
                .With("@last_run", NpgsqlDbType.TimestampTz,
                    slots.Slots.Count > 0 ? Pg.Micros(slots.Slots[^1]) : DBNull.Value)
                .With("@made", (long)fired).With("@now", now);
            return await CueRows.ReadOneAsync(advance, ct);
        }

        public async Task<DateTimeOffset?> ReadNextRunAsync(CancellationToken ct)
        {
            await using var next = new NpgsqlCommand("""
                    SELECT next_run FROM cues WHERE status = 'active' AND next_run IS NOT NULL ORDER BY next_run LIMIT 1
                    """, c, tx);
            await using var r = await next.ExecuteReaderAsync(ct);
            return await r.ReadAsync(ct) ? r.Time(0) : null;
        }

        public async Task<bool> MarkEffectsAppliedAsync(long eventId, DateTimeOffset now, CancellationToken ct)
        {
            // A second leader applying the same event waits here on the first one's row, then finds it.
            await using var mark = new NpgsqlCommand("""
                    INSERT INTO cue_effects_applied (event_id, applied_at) VALUES (@event, @now)
                    ON CONFLICT (event_id) DO NOTHING
                    """, c, tx)
                .With("@event", eventId).With("@now", now);
            return await mark.ExecuteNonQueryAsync(ct) == 1;
        }

        public async Task<Cue?> ReadCueForUpdateAsync(string tenantId, string cueId, CancellationToken ct)
        {
            await using var read = new NpgsqlCommand(
                    $"SELECT {CueRows.Columns} FROM cues WHERE id = @id AND tenant_id = @t FOR UPDATE", c, tx)
                .With("@id", cueId).With("@t", tenantId);
            return await CueRows.ReadOneAsync(read, ct);
        }

        public async Task<Cue?> SetCueStatusAsync(Cue cue, string to, DateTimeOffset now, CancellationToken ct)
        {
            await using var update = new NpgsqlCommand($"""
                    UPDATE cues SET status = @to, next_run = NULL, updated_at = @now
                    WHERE id = @id AND tenant_id = @t AND status = @from
                    RETURNING {CueRows.Columns}
                    """, c, tx)
                .With("@id", cue.Id).With("@t", cue.TenantId).With("@to", to).With("@from", cue.Status)
                .With("@now", now);
            return await CueRows.ReadOneAsync(update, ct);
        }

        public Task InsertEventsAsync(IReadOnlyCollection<NewEvent> events, CancellationToken ct) =>
            PostgresStore.InsertEventsAsync(c, tx, events, ct);

        public Task<int> InsertAlertAsync(NewAlert alert, DateTimeOffset now, CancellationToken ct) =>
            PostgresStore.InsertAlertAsync(c, tx, alert, now, ct);
    }
}

using Baton.Core.Alerts;
using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// The statements of Core's cue steps inside one <c>BEGIN IMMEDIATE</c> transaction. The write lock is held
    /// throughout, so nothing here needs a row lock; each statement runs synchronously.
    /// </summary>
    private sealed class CueTransaction(SqliteStore store, SqliteTransaction tx) : ICueTransaction
    {
        public Task<IReadOnlyList<Cue>> ReadDueCuesAsync(DateTimeOffset now, int limit, CancellationToken ct)
        {
            using var select = store.WriteCommand(tx, $"""
                    SELECT {CueRows.Columns} FROM cues
                    WHERE status = 'active' AND next_run IS NOT NULL AND next_run <= $now
                    ORDER BY next_run LIMIT {Db.Count(limit)}
                    """)
                .With("$now", Db.Micros(now));
            return Task.FromResult<IReadOnlyList<Cue>>(CueRows.ReadAll(select));
        }

        public Task<Execution?> InsertSlotExecutionAsync(Cue cue, NewExecution e, DateTimeOffset now, CancellationToken ct)
        {
            using var insert = store.WriteCommand(tx, InsertSlotExecutionSql)
                .With("$id", e.Id.ToString("D")).With("$tenant", cue.TenantId).With("$cue_id", cue.Id)
                .With("$scheduled_for", Db.Micros(e.ScheduledFor)).With("$expires_at", Db.Micros(e.ExpiresAt))
                .With("$title", e.Title).With("$queue", e.Queue).With("$task", e.Task).With("$agent", e.Agent)
                .With("$priority", e.Priority).With("$payload", e.PayloadJson)
                .With("$max_attempts", e.MaxAttempts).With("$backoff", Db.Json(e.BackoffSeconds))
                .With("$now", Db.Micros(now)).With("$transport", e.Transport)
                .With("$verification_mode", e.VerificationMode)
                .With("$trace_parent", e.TraceParent).With("$trace_state", e.TraceState);
            return Task.FromResult(ExecutionRows.ReadOne(insert));
        }

        public Task<Cue?> AdvanceCueAsync(Cue cue, DueSlots slots, int fired, DateTimeOffset now, CancellationToken ct)
        {
            // No row locks in SQLite: the expected next_run is the compare-and-set against another process's pass.
            using var advance = store.WriteCommand(tx, $"""
                    UPDATE cues SET next_run = $next_run, last_run = coalesce($last_run, last_run),
                        run_count = run_count + $runs, fired_count = fired_count + $made, updated_at = $now
                    WHERE id = $id AND next_run = $expected
                    RETURNING {CueRows.Columns}
                    """)
                .With("$id", cue.Id).With("$expected", Db.Micros(cue.NextRun)).With("$next_run", Db.Micros(slots.NextRun))
                .With("$last_run", slots.Slots.Count > 0 ? Db.Micros(slots.Slots[^1]) : DBNull.Value)
                .With("$runs", fired).With("$made", fired).With("$now", Db.Micros(now));
            return Task.FromResult(CueRows.ReadOne(advance));
        }

        public Task<DateTimeOffset?> ReadNextRunAsync(CancellationToken ct)
        {
            using var next = store.WriteCommand(tx, """
                    SELECT next_run FROM cues WHERE status = 'active' AND next_run IS NOT NULL ORDER BY next_run LIMIT 1
                    """);
            return Task.FromResult(next.ExecuteScalar() is long micros ? Db.Time(micros) : (DateTimeOffset?)null);
        }

        public Task<bool> MarkEffectsAppliedAsync(long eventId, DateTimeOffset now, CancellationToken ct)
        {
            using var mark = store.WriteCommand(tx, """
                    INSERT INTO cue_effects_applied (event_id, applied_at) VALUES ($event, $now)
                    ON CONFLICT (event_id) DO NOTHING
                    """)
                .With("$event", eventId).With("$now", Db.Micros(now));
            return Task.FromResult(mark.ExecuteNonQuery() == 1);
        }

        public Task<Cue?> ReadCueForUpdateAsync(string tenantId, string cueId, CancellationToken ct) =>
            Task.FromResult(store.ReadCue(tx, tenantId, cueId));

        public Task<Cue?> SetCueStatusAsync(Cue cue, string to, DateTimeOffset now, CancellationToken ct)
        {
            using var update = store.WriteCommand(tx, $"""
                    UPDATE cues SET status = $to, next_run = NULL, updated_at = $now
                    WHERE id = $id AND tenant_id = $t AND status = $from
                    RETURNING {CueRows.Columns}
                    """)
                .With("$id", cue.Id).With("$t", cue.TenantId).With("$to", to).With("$from", cue.Status)
                .With("$now", Db.Micros(now));
            return Task.FromResult(CueRows.ReadOne(update));
        }

        public Task InsertEventsAsync(IReadOnlyCollection<NewEvent> events, CancellationToken ct)
        {
            store.InsertEvents(tx, events);
            return Task.CompletedTask;
        }

        public Task<int> InsertAlertAsync(NewAlert alert, DateTimeOffset now, CancellationToken ct) =>
            Task.FromResult(store.InsertAlert(tx, alert, now));
    }
}

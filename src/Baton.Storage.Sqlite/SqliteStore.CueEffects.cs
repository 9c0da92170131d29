using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Storage;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>Markers older than this are far behind any cursor (the loop saves it after every page).</summary>
    private static readonly TimeSpan MarkerRetention = TimeSpan.FromDays(1);

    public Task<string> GetCueEffectsCursorAsync(CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, "SELECT position FROM cue_effects_cursor WHERE name = 'global'");
        return Task.FromResult(cmd.ExecuteScalar() as string ?? "");
    }

    public Task<bool> SaveCueEffectsCursorAsync(SaveCueEffectsCursorParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var now = Now(p.Now);
            using var save = WriteCommand(tx, """
                    UPDATE cue_effects_cursor SET position = $next, updated_at = $now
                    WHERE name = 'global' AND position = $expected
                    """)
                .With("$next", p.Next).With("$expected", p.Expected)
                .With("$now", Db.Micros(now));
            if (save.ExecuteNonQuery() == 0) return false;
            using var forget = WriteCommand(tx, "DELETE FROM cue_effects_applied WHERE applied_at < $before")
                .With("$before", Db.Micros(now - MarkerRetention));
            forget.ExecuteNonQuery();
            return true;
        }, ct);

    public Task<CueEffectsResult> ApplyCueEffectsAsync(ApplyCueEffectsParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var now = Now(p.Now);
            using (var mark = WriteCommand(tx, """
                           INSERT INTO cue_effects_applied (event_id, applied_at) VALUES ($event, $now)
                           ON CONFLICT (event_id) DO NOTHING
                           """)
                       .With("$event", p.EventId).With("$now", Db.Micros(now)))
            {
                if (mark.ExecuteNonQuery() == 0) return new CueEffectsResult(false, null, 0);
            }

            var cue = p.CueId is null ? null : ReadCue(tx, p.TenantId, p.CueId);
            var events = new List<NewEvent>();
            if (cue is not null && p.Plan.CueStatus is { } change && change.From.Contains(cue.Status))
            {
                using var update = WriteCommand(tx, $"""
                        UPDATE cues SET status = $to, next_run = NULL, updated_at = $now
                        WHERE id = $id AND tenant_id = $t AND status = $from
                        RETURNING {CueRows.Columns}
                        """)
                    .With("$id", cue.Id).With("$t", p.TenantId).With("$to", change.To).With("$from", cue.Status)
                    .With("$now", Db.Micros(now));
                var after = CueRows.ReadOne(update)!;
                if (CueEvents.ForStatusChange(cue.Status, after.Status) is { } type)
                {
                    events.Add(CueEvents.For(after, type, now, p.Execution));
                }

                cue = after;
            }

            if (cue is not null && p.Plan.CueFailedEvent && events.All(e => e.Type != EventTypes.CueFailed))
            {
                events.Add(CueEvents.For(cue, EventTypes.CueFailed, now, p.Execution));
            }

            InsertEvents(tx, events);
            var raised = p.Plan.Alerts.Sum(alert => InsertAlert(tx, alert, now));
            return new CueEffectsResult(true, cue, raised);
        }, ct);
}

using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Storage;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>Markers older than this are far behind any cursor (the loop saves it after every page).</summary>
    private static readonly TimeSpan MarkerRetention = TimeSpan.FromDays(1);

    public async Task<string> GetCueEffectsCursorAsync(CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT position FROM cue_effects_cursor WHERE name = 'global'");
        return await cmd.ExecuteScalarAsync(ct) as string ?? "";
    }

    public Task<bool> SaveCueEffectsCursorAsync(SaveCueEffectsCursorParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var now = Now(p.Now);
            await using var save = new NpgsqlCommand("""
                    UPDATE cue_effects_cursor SET position = @next, updated_at = @now
                    WHERE name = 'global' AND position = @expected
                    """, c, tx)
                .With("@next", p.Next).With("@expected", p.Expected).With("@now", now);
            if (await save.ExecuteNonQueryAsync(ct) == 0) return false;
            await using var forget = new NpgsqlCommand("DELETE FROM cue_effects_applied WHERE applied_at < @before", c, tx)
                .With("@before", now - MarkerRetention);
            await forget.ExecuteNonQueryAsync(ct);
            return true;
        }, ct);

    public Task<CueEffectsResult> ApplyCueEffectsAsync(ApplyCueEffectsParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var now = Now(p.Now);
            await using (var mark = new NpgsqlCommand("""
                                 INSERT INTO cue_effects_applied (event_id, applied_at) VALUES (@event, @now)
                                 ON CONFLICT (event_id) DO NOTHING
                                 """, c, tx)
                             .With("@event", p.EventId).With("@now", now))
            {
                // A second leader applying the same event waits here on the first one's row, then finds it.
                if (await mark.ExecuteNonQueryAsync(ct) == 0) return new CueEffectsResult(false, null, 0);
            }

            Cue? cue = null;
            if (p.CueId is not null)
            {
                await using var read = new NpgsqlCommand(
                        $"SELECT {CueRows.Columns} FROM cues WHERE id = @id AND tenant_id = @t FOR UPDATE", c, tx)
                    .With("@id", p.CueId).With("@t", p.TenantId);
                cue = await CueRows.ReadOneAsync(read, ct);
            }

            var events = new List<NewEvent>();
            if (cue is not null && p.Plan.CueStatus is { } change && change.From.Contains(cue.Status))
            {
                await using var update = new NpgsqlCommand($"""
                        UPDATE cues SET status = @to, next_run = NULL, updated_at = @now
                        WHERE id = @id AND tenant_id = @t AND status = @from
                        RETURNING {CueRows.Columns}
                        """, c, tx)
                    .With("@id", cue.Id).With("@t", p.TenantId).With("@to", change.To).With("@from", cue.Status)
                    .With("@now", now);
                var after = (await CueRows.ReadOneAsync(update, ct))!;
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

            await InsertEventsAsync(c, tx, events, ct);
            var raised = 0;
            foreach (var alert in p.Plan.Alerts) raised += await InsertAlertAsync(c, tx, alert, now, ct);
            return new CueEffectsResult(true, cue, raised);
        }, ct);
}

using Baton.Core.Cues;
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
        WriteStepsAsync(tx => CueEffectWrites.ApplyAsync(new CueTransaction(this, tx), p, Now(p.Now), ct), ct);
}

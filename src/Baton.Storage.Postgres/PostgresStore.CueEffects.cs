using Baton.Core.Cues;
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
        InTransactionAsync((c, tx) => CueEffectWrites.ApplyAsync(new CueTransaction(c, tx), p, Now(p.Now), ct), ct);
}

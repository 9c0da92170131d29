using Baton.Core.Cues;
using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>The cues column list every cue query returns, and the reader that maps it.</summary>
internal static class CueRows
{
    public const string Columns =
        "id, tenant_id, name, status, definition, next_run, last_run, run_count, fired_count, created_at, updated_at";

    public static Cue Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        TenantId = r.GetString(1),
        Name = r.GetString(2),
        Status = r.GetString(3),
        Definition = CueDefinitionJson.Deserialize(r.GetString(4)),
        NextRun = r.NullableTime(5),
        LastRun = r.NullableTime(6),
        RunCount = r.GetInt64(7),
        FiredCount = r.GetInt64(8),
        CreatedAt = r.Time(9),
        UpdatedAt = r.Time(10),
    };

    public static async Task<List<Cue>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Cue>();
        while (await r.ReadAsync(ct)) list.Add(Read(r));
        return list;
    }

    public static async Task<Cue?> ReadOneAsync(NpgsqlCommand cmd, CancellationToken ct) =>
        (await ReadAllAsync(cmd, ct)).FirstOrDefault();
}

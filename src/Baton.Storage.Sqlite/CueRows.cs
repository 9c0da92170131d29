using Baton.Core.Cues;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>The cues column list every cue query returns, and the reader that maps it.</summary>
internal static class CueRows
{
    public const string Columns =
        "id, tenant_id, name, status, definition, next_run, last_run, run_count, fired_count, created_at, updated_at";

    public static Cue Read(SqliteDataReader r) => new()
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
        CreatedAt = Db.Time(r.GetInt64(9)),
        UpdatedAt = Db.Time(r.GetInt64(10)),
    };

    public static List<Cue> ReadAll(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<Cue>();
        while (r.Read()) list.Add(Read(r));
        return list;
    }

    public static Cue? ReadOne(SqliteCommand cmd) => ReadAll(cmd).FirstOrDefault();
}

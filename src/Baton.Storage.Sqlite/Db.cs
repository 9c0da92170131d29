using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>Conversions between domain values and SQLite columns.</summary>
internal static class Db
{
    /// <summary>Times are stored as microseconds since the Unix epoch: sortable, compact, exact.</summary>
    public static long Micros(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;

    public static object Micros(DateTimeOffset? t) => t is { } v ? Micros(v) : DBNull.Value;

    public static DateTimeOffset Time(long micros) => new(DateTimeOffset.UnixEpoch.Ticks + micros * 10, TimeSpan.Zero);

    public static object Value(object? v) => v ?? DBNull.Value;

    /// <summary>
    /// A <c>LIMIT</c> or <c>OFFSET</c> count written into the statement's text. Never bind one: SQLite marks a
    /// bound <c>LIMIT</c> as a parameter the plan depends on, and binding it expires the statement, so every
    /// execution compiles it again (the claim statement alone, one row: 0.18 ms with <c>LIMIT $limit</c>, 0.03 ms
    /// with the number in the text; bench/analysis.md, Session 7). A count is an integer, so the text stays
    /// injection-free.
    /// </summary>
    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static string Json(IReadOnlyList<string> values) =>
        JsonSerializer.Serialize(values as string[] ?? [.. values], SqliteJson.Default.StringArray);

    public static string Json(IReadOnlyList<int> values) =>
        JsonSerializer.Serialize(values as int[] ?? [.. values], SqliteJson.Default.Int32Array);

    public static string Json(IReadOnlyList<long> values) =>
        "[" + string.Join(',', values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";

    public static string[] Strings(string json) => JsonSerializer.Deserialize(json, SqliteJson.Default.StringArray) ?? [];

    public static int[] Ints(string json) => JsonSerializer.Deserialize(json, SqliteJson.Default.Int32Array) ?? [];

    public static SqliteCommand Command(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    public static SqliteCommand With(this SqliteCommand cmd, string name, object? value)
    {
        cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public static string? NullableString(this SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static long? NullableLong(this SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    public static DateTimeOffset? NullableTime(this SqliteDataReader r, int i) => r.IsDBNull(i) ? null : Time(r.GetInt64(i));
}

using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

/// <summary>Small helpers for building parameterised Npgsql commands.</summary>
internal static class Pg
{
    public static NpgsqlCommand With(this NpgsqlCommand cmd, string name, object? value)
    {
        cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    /// <summary>With an explicit type, for values PostgreSQL cannot infer from context (nulls in comparisons).</summary>
    public static NpgsqlCommand With(this NpgsqlCommand cmd, string name, NpgsqlDbType type, object? value)
    {
        cmd.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return cmd;
    }

    /// <summary>For batch commands, which have parameters but are not <see cref="NpgsqlCommand"/>s.</summary>
    public static NpgsqlParameterCollection With(this NpgsqlParameterCollection parameters, string name, object? value)
    {
        parameters.AddWithValue(name, value ?? DBNull.Value);
        return parameters;
    }

    public static NpgsqlParameterCollection With(
        this NpgsqlParameterCollection parameters, string name, NpgsqlDbType type, object? value)
    {
        parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return parameters;
    }

    public static string? NullableString(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static DateTimeOffset Time(this NpgsqlDataReader r, int i) => r.GetFieldValue<DateTimeOffset>(i);

    public static DateTimeOffset? NullableTime(this NpgsqlDataReader r, int i) =>
        r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

    /// <summary>PostgreSQL keeps microseconds; round here so a value reads back equal to what was written.</summary>
    public static DateTimeOffset Micros(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    public static object Micros(DateTimeOffset? t) => t is { } v ? Micros(v) : DBNull.Value;

    public static DateTimeOffset? NullableMicros(DateTimeOffset? t) => t is { } v ? Micros(v) : null;

    /// <summary>One array parameter for an <c>unnest(…)</c>, nulls kept as nulls.</summary>
    public static NpgsqlParameterCollection Array<T>(
        this NpgsqlParameterCollection parameters, string name, NpgsqlDbType type, IEnumerable<T> values)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values.ToArray() });
        return parameters;
    }
}

using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Baton.Storage.Sqlite;

/// <summary>
/// Many rows bound as ONE parameter: a JSON array of arrays, which a statement reads back with
/// <c>jsonb_each($rows)</c> and <c>value->>N</c> (SQL text, integer or NULL as written; <c>jsonb_each</c> hands each
/// row over as binary JSON, so reading its columns does not parse text again). A batch of 100 rows is then one
/// statement, bound and stepped once, instead of 100 executions of a statement with a parameter per column, each
/// bound by name on every execution (measured at about half the time per row, bench/analysis.md, Session 16). A
/// column is written with <see cref="Text"/>, <see cref="Integer"/> or <see cref="Time"/>, in the order the
/// statement reads them.
/// </summary>
internal sealed class JsonRows
{
    // Non-ASCII text goes in as is (SQLite reads UTF-8); what JSON must escape still is.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly Utf8JsonWriter _writer;

    public JsonRows()
    {
        _writer = new Utf8JsonWriter(_buffer, Options);
        _writer.WriteStartArray();
    }

    /// <summary>Rows started so far.</summary>
    public int Count { get; private set; }

    public JsonRows Row()
    {
        if (Count++ > 0) _writer.WriteEndArray();
        _writer.WriteStartArray();
        return this;
    }

    public JsonRows Text(string? value)
    {
        if (value is null) _writer.WriteNullValue();
        else _writer.WriteStringValue(value);
        return this;
    }

    public JsonRows Integer(long? value)
    {
        if (value is { } v) _writer.WriteNumberValue(v);
        else _writer.WriteNullValue();
        return this;
    }

    /// <summary>A time as the microseconds it is stored as.</summary>
    public JsonRows Time(DateTimeOffset? value) => Integer(value is { } t ? Db.Micros(t) : null);

    /// <summary>The rows as the JSON text to bind.</summary>
    public override string ToString()
    {
        if (Count > 0) _writer.WriteEndArray();
        _writer.WriteEndArray();
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}

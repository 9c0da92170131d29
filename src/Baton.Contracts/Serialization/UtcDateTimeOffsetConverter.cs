using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Contracts.Serialization;

/// <summary>
/// Writes times as ISO-8601 UTC with a <c>Z</c> (System.Text.Json would write <c>+00:00</c>); reads ISO-8601 with
/// any offset, and takes a time without one as UTC rather than as the server's local time.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
        {
            throw new JsonException("Expected an ISO-8601 date and time.");
        }

        var text = reader.GetString()!;
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || text.LastIndexOfAny(['+', '-']) > 10;
        return hasOffset ? value.ToUniversalTime() : new DateTimeOffset(value.DateTime, TimeSpan.Zero);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }
}

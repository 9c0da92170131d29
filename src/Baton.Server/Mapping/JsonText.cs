using System.Text;
using System.Text.Json;
using Baton.Contracts.Serialization;

namespace Baton.Server.Mapping;

/// <summary>Moves JSON values between the wire (<see cref="JsonElement"/>) and Core (JSON text).</summary>
internal static class JsonText
{
    /// <summary>
    /// Re-serialises without insignificant whitespace, so two requests that differ only in formatting store the
    /// same text and hash the same for idempotency.
    /// </summary>
    public static string Compact(JsonElement value) => JsonSerializer.Serialize(value, BatonJson.Default.JsonElement);

    public static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);

    public static JsonElement? Parse(string? text) =>
        text is null ? null : JsonSerializer.Deserialize(text, BatonJson.Default.JsonElement);

    public static JsonElement ParseObject(string text) => JsonSerializer.Deserialize(text, BatonJson.Default.JsonElement);

    /// <summary>A JSON <c>null</c> counts as absent.</summary>
    public static JsonElement? Present(JsonElement? value) =>
        value is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } v ? v : null;
}

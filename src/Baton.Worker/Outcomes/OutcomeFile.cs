using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Worker.Outcomes;

/// <summary>
/// The optional JSON file a handler may write to <c>$BATON_OUTCOME_FILE</c> (<c>$CUEAPI_OUTCOME_FILE</c>): one object
/// of at most 10 KB of UTF-8 with cueapi-worker's fields. Each field is checked against the outcome endpoint's
/// limits (the server's) on its own, so one bad field costs only itself.
/// </summary>
public static class OutcomeFile
{
    public const int MaxBytes = 10 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Text fields and their length limits in characters.</summary>
    private static readonly Dictionary<string, int> TextLimits = new()
    {
        ["result"] = 2000,
        ["error"] = 2000,
        ["external_id"] = 500,
        ["result_ref"] = 500,
        ["result_type"] = 100,
        ["summary"] = 500,
    };

    private const int ResultUrlLength = 2048;
    private const int MaxArtifacts = 100;

    public static OutcomeFileReading Read(string path)
    {
        byte[] bytes;
        try
        {
            using var stream = File.OpenRead(path);
            // Read one byte past the limit to tell "exactly the limit" from "over it" without trusting the length.
            bytes = new byte[MaxBytes + 1];
            var total = 0;
            int read;
            while (total < bytes.Length && (read = stream.Read(bytes, total, bytes.Length - total)) > 0) total += read;
            if (total > MaxBytes) return Unusable($"the file is larger than {MaxBytes} bytes.");
            Array.Resize(ref bytes, total);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return OutcomeFileReading.Absent;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unusable("the file could not be read: " + e.Message);
        }

        return Parse(bytes);
    }

    public static OutcomeFileReading Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes) return Unusable($"the file is larger than {MaxBytes} bytes.");
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Unusable("the file is not valid UTF-8.");
        }

        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (text.Trim().Length == 0) return Unusable("the file is empty.");

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            return Unusable("the file is not valid JSON: " + e.Message);
        }

        if (root is not JsonObject obj) return Unusable("the file must hold one JSON object.");

        var fields = new Dictionary<string, JsonNode>();
        var dropped = new List<(string, string)>();
        bool? success = null;
        bool? retryable = null;
        foreach (var (name, value) in obj)
        {
            if (value is null) continue; // null is the same as absent
            var kind = value.GetValueKind();
            switch (name)
            {
                case "success" or "retryable":
                    if (kind is JsonValueKind.True or JsonValueKind.False)
                    {
                        if (name == "success") success = kind == JsonValueKind.True;
                        else retryable = kind == JsonValueKind.True;
                    }
                    else dropped.Add((name, "must be true or false."));

                    break;
                case var _ when TextLimits.TryGetValue(name, out var limit):
                    if (kind != JsonValueKind.String) dropped.Add((name, "must be a string."));
                    else if (value.GetValue<string>().Length > limit) dropped.Add((name, $"must be at most {limit} characters."));
                    else fields[name] = value.DeepClone();
                    break;
                case "result_url":
                    if (kind == JsonValueKind.String && IsHttpUrl(value.GetValue<string>())) fields[name] = value.DeepClone();
                    else dropped.Add((name, $"must be an absolute http or https URL of at most {ResultUrlLength} characters."));
                    break;
                case "artifacts":
                    if (value is JsonArray { Count: <= MaxArtifacts }) fields[name] = value.DeepClone();
                    else dropped.Add((name, $"must be a JSON array of at most {MaxArtifacts} items."));
                    break;
                case "metadata":
                    if (value is JsonObject) fields[name] = value.DeepClone();
                    else dropped.Add((name, "must be a JSON object."));
                    break;
                default:
                    dropped.Add((name, "is not an outcome field."));
                    break;
            }
        }

        if (retryable is not null) fields["retryable"] = JsonValue.Create(retryable.Value);
        return new OutcomeFileReading { Success = success, Fields = fields, Dropped = dropped };
    }

    private static bool IsHttpUrl(string text) =>
        text.Length <= ResultUrlLength && Uri.TryCreate(text, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static OutcomeFileReading Unusable(string why) => new() { ParseError = why };
}

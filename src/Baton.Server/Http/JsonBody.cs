using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Baton.Server.Http;

/// <summary>
/// Reads request bodies by hand rather than through minimal-API binding, to answer exactly as the API documents:
/// more than 1 MiB is 413 however the body is framed, broken JSON is 400 <c>invalid_json</c>, well-formed JSON of
/// the wrong shape is 422 naming the field, and an empty body means <c>{}</c>.
/// </summary>
internal static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow };

    public static async Task<T> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var bytes = await ReadBytesAsync(http.Request, http.RequestAborted);
        if (IsBlank(bytes.Span)) bytes = "{}"u8.ToArray();
        CheckSyntax(bytes.Span);
        try
        {
            return JsonSerializer.Deserialize(bytes.Span, typeInfo) ?? throw BodyNotAnObject();
        }
        catch (JsonException ex)
        {
            var field = FieldName(ex.Path);
            throw field == "body"
                ? BodyNotAnObject()
                : ApiProblemException.Validation(field, "has the wrong type or is out of range.");
        }
        catch (InvalidOperationException ex)
        {
            // Text that is not valid UTF-8 inside a string token surfaces here, during transcoding.
            throw ApiProblemException.InvalidJson(ex.Message);
        }
    }

    /// <summary>The body as a JSON object, for endpoints that look at which fields were sent (PATCH).</summary>
    public static async Task<JsonElement> ReadObjectAsync(HttpContext http)
    {
        var bytes = await ReadBytesAsync(http.Request, http.RequestAborted);
        if (IsBlank(bytes.Span)) bytes = "{}"u8.ToArray();
        CheckSyntax(bytes.Span);
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw BodyNotAnObject();
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw ApiProblemException.InvalidJson(ex.Message);
        }
    }

    /// <summary>
    /// The body converted to its type, refusing (422, every one named) fields outside <paramref name="fields"/>;
    /// also returns the raw object, for endpoints that tell a field sent as null from one left out.
    /// </summary>
    public static async Task<(T Body, JsonElement Raw)> ReadKnownFieldsAsync<T>(
        HttpContext http, JsonTypeInfo<T> typeInfo, IReadOnlySet<string> fields, string noun)
        where T : class
    {
        var raw = await ReadObjectAsync(http);
        var unknown = raw.EnumerateObject().Select(p => p.Name).Where(n => !fields.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw ApiProblemException.Validation([.. unknown.Select(n => new Contracts.Errors.FieldError(n, $"is not a field of {noun}."))]);
        }

        return (Convert(raw, typeInfo), raw);
    }

    /// <summary>A body already read as JSON, converted to its type; the wrong shape is 422 naming the field.</summary>
    public static T Convert<T>(JsonElement element, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return element.Deserialize(typeInfo) ?? throw BodyNotAnObject();
        }
        catch (JsonException ex)
        {
            throw ApiProblemException.Validation(FieldName(ex.Path), "has the wrong type or is out of range.");
        }
    }

    /// <summary>For endpoints that take no body: nothing, <c>{}</c> or any well-formed JSON is fine; garbage is not.</summary>
    public static async Task EnsureWellFormedAsync(HttpContext http)
    {
        var bytes = await ReadBytesAsync(http.Request, http.RequestAborted);
        if (!IsBlank(bytes.Span)) CheckSyntax(bytes.Span);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpRequest request, CancellationToken ct)
    {
        // Counted while reading: Content-Length may be absent (chunked) or lie.
        var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp(request.ContentLength ?? 256, 16, MaxBytes + 1));
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(16 * 1024), ct);
            if (read == 0) return buffer.WrittenMemory;
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBytes) throw ApiProblemException.TooLarge(MaxBytes);
        }
    }

    private static void CheckSyntax(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                // Reading every token is the check; Utf8JsonReader throws at the first malformed one.
            }
        }
        catch (JsonException ex)
        {
            throw ApiProblemException.InvalidJson(ex.Message);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes) => bytes.Trim(" \t\r\n"u8).IsEmpty;

    /// <summary><c>$.executions[3].priority</c> → <c>executions[3].priority</c>; the root itself is <c>body</c>.</summary>
    private static string FieldName(string? path) =>
        path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static ApiProblemException BodyNotAnObject() =>
        ApiProblemException.Validation("body", "must be a JSON object.");
}

using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Contracts;

namespace Baton.Server.Http;

/// <summary>
/// Body verification, as CueAPI clients use it: a POST or PATCH with <c>X-CueAPI-Verify-Echo: true</c> gets
/// <c>body_received</c> (the request body as the server parsed it) and <c>body_received_sha256</c> (of the bytes
/// received) added to its 2xx JSON object answer, so the client can tell that a shell or proxy did not change what
/// it meant to send. Requests without the header pay nothing.
/// </summary>
internal sealed class VerifyEchoMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var method = http.Request.Method;
        if (!(HttpMethods.IsPost(method) || HttpMethods.IsPatch(method)) ||
            !string.Equals(http.Request.Headers[WireHeaders.VerifyEcho], "true", StringComparison.OrdinalIgnoreCase))
        {
            await next(http);
            return;
        }

        http.Request.EnableBuffering();
        var original = http.Response.Body;
        await using var answer = new MemoryStream();
        http.Response.Body = answer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        answer.Position = 0;
        if (http.Response.StatusCode is >= 200 and < 300 &&
            http.Response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true &&
            JsonNode.Parse(answer) is JsonObject body)
        {
            var received = await ReadRequestAsync(http.Request, http.RequestAborted);
            body["body_received"] = ParseOrNull(received);
            body["body_received_sha256"] = Convert.ToHexStringLower(SHA256.HashData(received));
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Contracts.Serialization.BatonJson.Default.JsonObject);
            http.Response.ContentLength = bytes.Length;
            await original.WriteAsync(bytes, http.RequestAborted);
            return;
        }

        answer.Position = 0;
        await answer.CopyToAsync(original, http.RequestAborted);
    }

    private static async Task<byte[]> ReadRequestAsync(HttpRequest request, CancellationToken ct)
    {
        // The endpoint read the body (at most 1 MiB, or it would not have answered 2xx); it is buffered, so rewind.
        request.Body.Position = 0;
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, ct);
        return copy.ToArray();
    }

    private static JsonNode? ParseOrNull(byte[] received)
    {
        try
        {
            return received.Length == 0 ? new JsonObject() : JsonNode.Parse(received);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

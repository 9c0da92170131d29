using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Baton.Server.Tests.Messaging;

/// <summary>
/// Requests written out as JSON text, as a client in another language sends them, and the answer as parsed JSON: the
/// wire shapes are checked without Baton's own client in between.
/// </summary>
internal sealed class RawApi(ServerHarness server, string apiKey)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(
        string method, string path, string? json = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await server.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Sends and asserts the status; returns the parsed answer.</summary>
    public async Task<JsonElement> ExpectAsync(
        HttpStatusCode status, string method, string path, string? json = null, params (string Name, string Value)[] headers)
    {
        var (got, body) = await SendAsync(method, path, json, headers);
        Assert.True(got == status, $"{method} {path}: expected {(int)status}, got {(int)got}: {body}");
        return body;
    }
}

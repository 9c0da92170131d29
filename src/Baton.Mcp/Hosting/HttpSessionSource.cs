using System.Net;
using System.Security.Cryptography;
using System.Text;
using Baton.Client;
using Baton.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol.Server;

namespace Baton.Mcp.Hosting;

/// <summary>
/// The <c>/mcp</c> endpoint's sessions: each tool call acts with the API key of the HTTP request that carried it,
/// through a <see cref="BatonClient"/> pointed back at this server over the connection's own local address (so the
/// tools are the same code as over stdio, and every rule, limit and error of the API applies unchanged). The
/// worker id is the request's <c>X-Worker-Id</c> when the MCP client sends one, else one per MCP session; the
/// default messaging agent is the request's <c>X-Cueapi-From-Agent</c>, the header the messages API reads the sender from.
/// </summary>
public sealed class HttpSessionSource(IHttpContextAccessor contexts) : IBatonSessionSource, IDisposable
{
    /// <summary>Long-polls last up to 60 s; this only bounds a request that never completes.</summary>
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(3) };

    public BatonSession For(McpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var http = contexts.HttpContext
                   ?? throw new InvalidOperationException("An /mcp tool call ran outside its HTTP request.");
        var apiKey = ApiKeyOf(http.Request);
        var client = new BatonClient(_http, SelfUrl(http), apiKey);

        var header = http.Request.Headers[WireHeaders.WorkerId].ToString();
        var workerId = !string.IsNullOrWhiteSpace(header)
            ? header.Trim()
            : WorkerIdentity.Default(server.ClientInfo?.Name, server.SessionId is { Length: > 0 } session
                ? session[..Math.Min(12, session.Length)]
                // A sessionless (2026-07 protocol) client: stable per API key, as close to "per session" as it gets.
                : KeyFingerprint(apiKey));
        var agent = http.Request.Headers[WireHeaders.FromAgent].ToString();
        return new BatonSession(client, workerId, string.IsNullOrWhiteSpace(agent) ? null : agent.Trim());
    }

    public void Dispose() => _http.Dispose();

    private static string? ApiKeyOf(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }

    private static Uri SelfUrl(HttpContext http)
    {
        var connection = http.Connection;
        var address = connection.LocalIpAddress ?? IPAddress.Loopback;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new Uri($"{http.Request.Scheme}://{host}:{connection.LocalPort}/");
    }

    private static string KeyFingerprint(string? apiKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey ?? "")))[..12];
}

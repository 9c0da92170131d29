using ModelContextProtocol.Server;

namespace Baton.Mcp;

/// <summary>
/// Where tools get their <see cref="BatonSession"/>: a fixed client for the stdio server, the caller's API key for
/// the server's own <c>/mcp</c> endpoint. The tools are written once against this; transports differ only here.
/// </summary>
public interface IBatonSessionSource
{
    /// <summary>The session for a tool call arriving on <paramref name="server"/>.</summary>
    BatonSession For(McpServer server);
}

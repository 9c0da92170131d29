using Baton.Client;
using ModelContextProtocol.Server;

namespace Baton.Mcp.Hosting;

/// <summary>
/// The stdio server's session: one client for the process, and one worker id — the configured one, or one made
/// from the MCP client's name on first use and kept for the process (one process serves one session) — and the
/// configured messaging agent, if any.
/// </summary>
public sealed class FixedSessionSource(BatonClient client, string? workerId, string? agent = null) : IBatonSessionSource
{
    private readonly string _sessionPart = Guid.NewGuid().ToString("N")[..8];
    private BatonSession? _session;

    public BatonSession For(McpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return _session ??= new BatonSession(client, workerId ?? WorkerIdentity.Default(server.ClientInfo?.Name, _sessionPart), agent);
    }
}

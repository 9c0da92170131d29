using System.Net;

namespace Baton.Server.Webhooks;

/// <summary>Turns a callback's host name into addresses. One seam, so tests can change a name's answer.</summary>
internal interface IHostResolver
{
    /// <summary>The host's addresses; throws (e.g. a <see cref="System.Net.Sockets.SocketException"/>) when it has none.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

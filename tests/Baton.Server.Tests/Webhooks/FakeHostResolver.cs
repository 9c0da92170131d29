using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Baton.Server.Webhooks;

namespace Baton.Server.Tests.Webhooks;

/// <summary>A resolver whose answers the test sets, and may change between save and delivery (DNS rebinding).</summary>
internal sealed class FakeHostResolver : IHostResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> _answers = new(StringComparer.OrdinalIgnoreCase);

    public void Answer(string host, params string[] addresses) => _answers[host] = [.. addresses.Select(IPAddress.Parse)];

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        _answers.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : throw new SocketException((int)SocketError.HostNotFound);
}

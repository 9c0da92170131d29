using System.Collections.Concurrent;

namespace Baton.Server.Dashboard;

/// <summary>
/// Sessions signed out before their cookie expired, kept until it would have: a cookie copied before sign-out is
/// refused. In memory, so per node; a cookie replayed against another node of a PostgreSQL cluster, or after a
/// restart, lives until its own expiry (at most <see cref="DashboardSession.IdleLifetime"/> idle).
/// </summary>
internal sealed class SignedOutSessions(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    public void Add(string sessionId, DateTimeOffset until)
    {
        var now = time.GetUtcNow();
        foreach (var (id, expiry) in _until)
        {
            if (expiry < now) _until.TryRemove(id, out _);
        }

        _until[sessionId] = until;
    }

    public bool Contains(string sessionId) => _until.ContainsKey(sessionId);
}

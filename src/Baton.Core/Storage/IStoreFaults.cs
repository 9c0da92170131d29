namespace Baton.Core.Storage;

/// <summary>
/// Tells an outage of the store (its database unreachable or restarting, a connection cut, the file locked past the
/// wait, the disk full) from every other failure. The server answers an outage 503 <c>store_unavailable</c> with
/// <c>Retry-After</c>, which clients retry, and anything else 500, which is a bug. Each driver knows its own
/// library's errors, so each driver implements this.
/// </summary>
public interface IStoreFaults
{
    /// <summary>Whether <paramref name="exception"/> (or one it wraps) says the store is unavailable for now.</summary>
    bool IsOutage(Exception exception);
}

namespace Baton.Core.Storage;

/// <summary>The leadership lease that picks the one node running the leader-only loops.</summary>
public interface ILeadershipStore
{
    /// <summary>
    /// True when <c>NodeId</c> now holds the lease: it was free, expired, or already ours (then it is renewed).
    /// A holder that stops renewing is replaced once its TTL has passed.
    /// </summary>
    Task<bool> TryAcquireLeadershipAsync(AcquireLeadershipParams p, CancellationToken ct);

    /// <summary>Gives the lease up at once (graceful shutdown), if <c>NodeId</c> holds it.</summary>
    Task ResignLeadershipAsync(ResignLeadershipParams p, CancellationToken ct);
}

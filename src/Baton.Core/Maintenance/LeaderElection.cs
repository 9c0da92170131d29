using Baton.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Core.Maintenance;

/// <summary>
/// Keeps this node's claim on the leadership lease for loops that must run on one node at a time (the
/// scheduler; pruning). Renews every third of the TTL; a node that dies stops renewing and another takes over
/// once the TTL has passed. <see cref="IsLeader"/> is a hint that may be up to one renewal stale, so work done
/// under it must still be safe to repeat — every singleton step is a compare-and-set as well.
/// </summary>
public sealed class LeaderElection(
    ILeadershipStore store, BatonOptions options, TimeProvider time, ILogger<LeaderElection> log) : BackgroundService
{
    public const string LeaseName = "leader";

    private volatile bool _isLeader;

    public bool IsLeader => _isLeader;

    /// <summary>One acquire-or-renew attempt. Tests drive this directly.</summary>
    public async Task<bool> TryLeadAsync(CancellationToken ct)
    {
        bool leader;
        try
        {
            leader = await store.TryAcquireLeadershipAsync(
                new AcquireLeadershipParams(LeaseName, options.NodeId, options.LeaderLeaseTtl, time.GetUtcNow()), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not renew the leadership lease");
            leader = false;
        }

        if (leader != _isLeader)
        {
            log.LogInformation(leader ? "Node {Node} is now the leader" : "Node {Node} is no longer the leader", options.NodeId);
        }

        _isLeader = leader;
        return leader;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.LeaderLeaseTtl / 3, time);
        try
        {
            do
            {
                await TryLeadAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: resign below.
        }

        if (_isLeader)
        {
            _isLeader = false;
            try
            {
                // Hand over at once on a graceful stop rather than making the next leader wait out the TTL.
                await store.ResignLeadershipAsync(new ResignLeadershipParams(LeaseName, options.NodeId), CancellationToken.None);
            }
            catch (ObjectDisposedException)
            {
                // A start that failed (e.g. the port was taken) disposes the store before this loop ends: the lease
                // lapses after its TTL, and nothing is wrong that the operator must hear about.
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Could not resign the leadership lease; it lapses after its TTL");
            }
        }
    }
}

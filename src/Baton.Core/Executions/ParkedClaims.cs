using System.Collections.Concurrent;
using Baton.Core.Notifications;

namespace Baton.Core.Executions;

/// <summary>
/// Claims parked on this node, by tenant, so an enqueue here can claim for one of them in its own transaction
/// (<see cref="Storage.EnqueueExecutionsParams.HandOff"/>): new work then reaches a waiting worker with one commit,
/// where a wake-up costs the enqueue's commit and then the woken claim's. The match here is only a guess at who
/// may want the work; the store's claim statement decides what is claimed.
/// </summary>
public sealed class ParkedClaims
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<HandOff<IReadOnlyList<Execution>>, ClaimRequest>>
        _byTenant = new(StringComparer.Ordinal);

    /// <summary>Lists a claim as parked until its hand-off is taken or closed.</summary>
    public HandOff<IReadOnlyList<Execution>> Park(string tenantId, ClaimRequest request)
    {
        var parked = _byTenant.GetOrAdd(tenantId, static _ => new());
        var handOff = new HandOff<IReadOnlyList<Execution>>(h => parked.TryRemove(h, out _));
        parked[handOff] = request;
        return handOff;
    }

    /// <summary>How many claims are parked here now, across tenants.</summary>
    public int Count => _byTenant.Values.Sum(parked => parked.Count);

    /// <summary>
    /// Takes a parked claim whose filter matches one of <paramref name="rows"/> that is due by <paramref name="now"/>;
    /// null when there is none. The caller must give the taken hand-off an answer.
    /// </summary>
    public (HandOff<IReadOnlyList<Execution>> HandOff, ClaimRequest Request)? TakeFor(
        string tenantId, IReadOnlyList<NewExecution> rows, DateTimeOffset now)
    {
        if (!_byTenant.TryGetValue(tenantId, out var parked) || parked.IsEmpty) return null;
        var due = rows.Where(r => r.ScheduledFor <= now).ToList();
        if (due.Count == 0) return null;
        foreach (var (handOff, request) in parked)
        {
            if (due.Exists(request.Filter.Matches) && handOff.TryTake()) return (handOff, request);
        }

        return null;
    }
}

using Baton.Core.Notifications;

namespace Baton.Core.Executions;

/// <summary>
/// Awaits parked on this node (<c>GET /v1/executions/{id}?wait=</c>), by execution, so the request here that
/// finishes an execution answers them with the row it has just committed: each waiter is spared reading the row
/// back after its wake-up. A finish on another node still wakes them through the notifier, and they read it.
/// </summary>
public sealed class ParkedAwaits
{
    private readonly Dictionary<(string TenantId, Guid Id), List<HandOff<Execution?>>> _byExecution = [];

    /// <summary>Lists an await as parked until its hand-off is taken or closed.</summary>
    public HandOff<Execution?> Park(string tenantId, Guid executionId)
    {
        var key = (tenantId, executionId);
        var handOff = new HandOff<Execution?>(h => Remove(key, h));
        lock (_byExecution)
        {
            if (!_byExecution.TryGetValue(key, out var parked)) _byExecution[key] = parked = [];
            parked.Add(handOff);
        }

        return handOff;
    }

    /// <summary>How many awaits are parked here now.</summary>
    public int Count
    {
        get
        {
            lock (_byExecution) return _byExecution.Values.Sum(parked => parked.Count);
        }
    }

    /// <summary>
    /// Answers the awaits parked on <paramref name="execution"/> with it, once it is terminal. Call only after the
    /// commit that wrote it.
    /// </summary>
    public void Finished(Execution execution)
    {
        if (!execution.Status.IsTerminal()) return;
        List<HandOff<Execution?>> parked;
        lock (_byExecution)
        {
            if (!_byExecution.TryGetValue((execution.TenantId, execution.Id), out var list)) return;
            parked = [.. list];
        }

        // Taking settles each hand-off, which removes it from the list.
        foreach (var handOff in parked)
        {
            if (handOff.TryTake()) handOff.Give(execution);
        }
    }

    private void Remove((string TenantId, Guid Id) key, HandOff<Execution?> handOff)
    {
        lock (_byExecution)
        {
            if (!_byExecution.TryGetValue(key, out var parked)) return;
            parked.Remove(handOff);
            if (parked.Count == 0) _byExecution.Remove(key);
        }
    }
}

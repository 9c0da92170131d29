namespace Baton.Core.Notifications;

/// <summary>
/// Wake-ups for parked waiters (docs/architecture.md, "Wake-ups and waiting"). A waiter takes <see cref="Watch"/> <em>before</em> it checks the
/// database, then awaits the returned task, so a change committed between the check and the wait is not missed.
/// Signals are hints; the database row is the truth.
/// </summary>
public interface INotifier
{
    /// <summary>A task that completes the next time <paramref name="topic"/> is notified.</summary>
    Task Watch(string topic);

    /// <summary>Wakes every current watcher of <paramref name="topic"/>. Call after the change has committed.</summary>
    void Notify(string topic);

    /// <summary>
    /// Whether a wake-up can be lost (one relayed between processes can; one inside a process cannot). Only then
    /// do parked waiters pay for a periodic safety look at the database.
    /// </summary>
    bool MayLoseWakeups { get; }
}

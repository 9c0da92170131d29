using System.Collections.Concurrent;

namespace Baton.Core.Notifications;

/// <summary>
/// Waiters park on a <see cref="TaskCompletionSource"/> per topic: no thread and no connection per waiter. A
/// notify swaps the source out and completes it, so every watcher wakes once and re-checks the database.
/// </summary>
public sealed class InProcessNotifier : INotifier
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _topics = new(StringComparer.Ordinal);

    /// <summary>Notify completes the waiter's task in this process: nothing in between can drop it.</summary>
    public bool MayLoseWakeups => false;

    public Task Watch(string topic) =>
        _topics.GetOrAdd(topic, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Notify(string topic)
    {
        if (_topics.TryRemove(topic, out var source)) source.TrySetResult();
        if (Topics.IsTenantEvents(topic) && _topics.TryRemove(Topics.AllEvents, out var all)) all.TrySetResult();
    }

    /// <summary>Wakes every watcher of every topic: for when notifications may have been lost.</summary>
    public void NotifyAll()
    {
        foreach (var topic in _topics.Keys) Notify(topic);
    }
}

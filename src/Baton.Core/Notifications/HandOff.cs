namespace Baton.Core.Notifications;

/// <summary>
/// A parked waiter that a request on this node may answer directly (<see cref="Parking"/>). It is open only while
/// its waiter is parked. Taking it (<see cref="TryTake"/>, by the request that will answer) and closing it
/// (<see cref="TryClose"/>, by the waiter when it wakes) race by compare-and-set, so exactly one side wins; the
/// taker must then <see cref="Give"/> an answer, an empty one too, exactly once, since the waiter waits for it.
/// </summary>
public sealed class HandOff<T>(Action<HandOff<T>> settled)
{
    private const int Open = 0;
    private const int Taken = 1;
    private const int Closed = 2;

    private readonly TaskCompletionSource<T> _given = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    /// <summary>Completes when the taker gives its answer.</summary>
    public Task<T> Given => _given.Task;

    /// <summary>Takes the waiter for an answer; false when it was already taken or has woken.</summary>
    public bool TryTake() => Settle(Taken);

    /// <summary>Closes it as the waiter wakes; false when a request took it first and an answer is coming.</summary>
    public bool TryClose() => Settle(Closed);

    public void Give(T answer)
    {
        if (Volatile.Read(ref _state) != Taken || !_given.TrySetResult(answer))
        {
            throw new InvalidOperationException("Only the one request that took a hand-off gives it an answer, once.");
        }
    }

    private bool Settle(int state)
    {
        if (Interlocked.CompareExchange(ref _state, state, Open) != Open) return false;
        settled(this);
        return true;
    }
}

namespace Baton.Core.Notifications;

/// <summary>
/// The one way Baton waits for the database to change: watch the topic, look, and if the answer is not yet
/// wanted, park on the notifier until woken, the safety interval passes, or the wait ends. No thread and no
/// connection is held while parked.
/// </summary>
public sealed class Parking(INotifier notifier, BatonOptions options, TimeProvider time)
{
    /// <summary>A timer may fire a hair before the clock reaches the deadline; that is the deadline too.</summary>
    private static readonly TimeSpan DeadlineSlack = TimeSpan.FromMilliseconds(15);

    /// <summary>
    /// Calls <paramref name="look"/> until <paramref name="isDone"/> says yes or <paramref name="wait"/> has passed,
    /// and returns the last answer. Cancelling <paramref name="ct"/> ends the wait early with the last answer too
    /// (a server shutting down answers its parked requests rather than dropping them).
    /// </summary>
    public async Task<T> UntilAsync<T>(
        string topic, Func<CancellationToken, Task<T>> look, Func<T, bool> isDone, TimeSpan wait, CancellationToken ct,
        WaitOptions<T>? waitOptions = null)
    {
        var lookAtDeadline = waitOptions?.LookAtDeadline ?? true;
        var openHandOff = waitOptions?.OpenHandOff;
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            // Watch before looking, so a change that commits between the look and the wait still wakes us.
            var signal = notifier.Watch(topic);
            var answer = await look(CancellationToken.None);
            if (isDone(answer)) return answer;

            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero || ct.IsCancellationRequested) return answer;

            // Wake-ups relayed between nodes can be lost (a failed NOTIFY), so there a parked waiter also looks
            // again every safety interval: an idle waiter costs one query per interval. In one process a wake-up
            // cannot be lost, and the waiter sleeps until woken or the wait ends.
            var nap = notifier.MayLoseWakeups ? options.WakeupSafetyInterval : remaining;
            var handOff = openHandOff?.Invoke();
            var over = false;
            try
            {
                await (handOff is null ? signal : Task.WhenAny(signal, handOff.Given))
                    .WaitAsync(remaining < nap ? remaining : nap, time, ct);
            }
            catch (TimeoutException)
            {
                // Look again, or give the last answer if the wait is over and no final look is wanted.
                over = !lookAtDeadline && deadline - time.GetUtcNow() < DeadlineSlack;
            }
            catch (OperationCanceledException)
            {
                over = true;
            }

            if (handOff is not null && !handOff.TryClose())
            {
                var given = await handOff.Given;
                if (isDone(given)) return given;
            }

            if (over) return answer;
        }
    }
}

/// <summary>How one <see cref="Parking.UntilAsync{T}"/> wait behaves beyond its topic, look and deadline.</summary>
public sealed record WaitOptions<T>
{
    /// <summary>
    /// Whether to look once more when the wait runs out without a wake-up. An await wants the row as it stands then;
    /// a claim does not (its caller asks again at once, and that request looks).
    /// </summary>
    public bool LookAtDeadline { get; init; } = true;

    /// <summary>
    /// Called each time the waiter parks, to list it where a request on this node can answer it directly
    /// (<see cref="HandOff{T}"/>); an answer given that way is taken whatever else ended the wait, since the request
    /// that gave it has already acted on it (a claim made for this waiter).
    /// </summary>
    public Func<HandOff<T>>? OpenHandOff { get; init; }
}

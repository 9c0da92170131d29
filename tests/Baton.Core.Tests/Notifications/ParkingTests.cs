using Baton.Core.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Core.Tests.Notifications;

/// <summary>How often a parked waiter looks at the database: never without cause, and never misses a wake-up.</summary>
public sealed class ParkingTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private int _looks;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_parked_claim_in_one_process_looks_once_then_only_when_woken_and_not_again_at_its_deadline()
    {
        var notifier = new InProcessNotifier();
        var parked = Park(notifier, lookAtDeadline: false);
        await LooksReachAsync(1);

        _time.Advance(TimeSpan.FromSeconds(59)); // far past any safety interval: a wake-up here cannot be lost
        await Task.Delay(200, Ct);
        Assert.Equal(1, _looks);

        notifier.Notify("topic");
        await LooksReachAsync(2);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await parked.WaitAsync(Settle, Ct));
        Assert.Equal(2, _looks); // the caller asks again at once; that request looks
    }

    [Fact]
    public async Task A_parked_await_looks_once_more_at_its_deadline()
    {
        var parked = Park(new InProcessNotifier(), lookAtDeadline: true);
        await LooksReachAsync(1);

        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.False(await parked.WaitAsync(Settle, Ct));
        Assert.Equal(2, _looks);
    }

    [Fact]
    public async Task A_parked_waiter_behind_a_notifier_that_can_lose_wakeups_looks_again_every_safety_interval()
    {
        var parked = Park(new LossyNotifier(), lookAtDeadline: false);
        await LooksReachAsync(1);

        _time.Advance(TimeSpan.FromSeconds(30));
        await LooksReachAsync(2);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(await parked.WaitAsync(Settle, Ct));
        Assert.Equal(2, _looks);
    }

    [Fact]
    public async Task A_change_notified_between_the_look_and_the_park_still_wakes_the_waiter()
    {
        var notifier = new InProcessNotifier();
        var parking = new Parking(notifier, new BatonOptions(), _time);
        var answer = await parking.UntilAsync(
            "topic",
            _ =>
            {
                // The change commits (and notifies) after this look read the database, before the waiter parks.
                if (Interlocked.Increment(ref _looks) == 1) notifier.Notify("topic");
                return Task.FromResult(_looks >= 2);
            },
            done => done,
            TimeSpan.FromSeconds(60),
            Ct,
            new WaitOptions<bool> { LookAtDeadline = false }).WaitAsync(Settle, Ct);

        Assert.True(answer);
        Assert.Equal(2, _looks);
    }

    private Task<bool> Park(INotifier notifier, bool lookAtDeadline) =>
        new Parking(notifier, new BatonOptions(), _time).UntilAsync(
            "topic",
            _ =>
            {
                Interlocked.Increment(ref _looks);
                return Task.FromResult(false);
            },
            found => found,
            TimeSpan.FromSeconds(60),
            Ct,
            new WaitOptions<bool> { LookAtDeadline = lookAtDeadline });

    private async Task LooksReachAsync(int looks)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (Volatile.Read(ref _looks) < looks && DateTime.UtcNow < deadline) await Task.Delay(10, Ct);
        Assert.Equal(looks, Volatile.Read(ref _looks));
    }

    /// <summary>An in-process notifier that declares its wake-ups losable, as one relayed between nodes is.</summary>
    private sealed class LossyNotifier : INotifier
    {
        private readonly InProcessNotifier _inner = new();

        public bool MayLoseWakeups => true;

        public Task Watch(string topic) => _inner.Watch(topic);

        public void Notify(string topic) => _inner.Notify(topic);
    }
}

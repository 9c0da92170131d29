using Baton.Core.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Core.Tests.Notifications;

/// <summary>
/// A parked waiter answered directly by another request (<see cref="HandOff{T}"/>): taken or closed, never both, and
/// an answer once taken is never dropped, whatever ends the wait meanwhile.
/// </summary>
public sealed class HandOffTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly List<HandOff<string>> _opened = [];
    private int _looks;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Taking_and_closing_race_and_exactly_one_side_wins_every_time()
    {
        const int rounds = 2_000;
        for (var i = 0; i < rounds; i++)
        {
            var settled = 0;
            var handOff = new HandOff<string>(_ => Interlocked.Increment(ref settled));
            using var start = new Barrier(2);
            var take = Task.Run(() => { start.SignalAndWait(Ct); return handOff.TryTake(); }, Ct);
            var close = Task.Run(() => { start.SignalAndWait(Ct); return handOff.TryClose(); }, Ct);

            var (taken, closed) = (await take, await close);
            Assert.True(taken ^ closed, $"round {i}: taken {taken}, closed {closed}");
            Assert.Equal(1, settled);
        }
    }

    [Fact]
    public async Task Only_the_taker_gives_an_answer_and_only_once()
    {
        var handOff = new HandOff<string>(_ => { });
        Assert.Throws<InvalidOperationException>(() => handOff.Give("early"));
        Assert.True(handOff.TryTake());
        Assert.False(handOff.TryClose());
        handOff.Give("answer");
        Assert.Throws<InvalidOperationException>(() => handOff.Give("again"));
        Assert.Equal("answer", await handOff.Given);
    }

    [Fact]
    public async Task A_parked_waiter_returns_what_its_hand_off_gives_without_looking_again()
    {
        var parked = Park(CancellationToken.None);
        var handOff = await ParkedAsync(1);

        Assert.True(handOff.TryTake());
        handOff.Give("handed");

        Assert.Equal("handed", await parked.WaitAsync(Settle, Ct));
        Assert.Equal(1, _looks);
    }

    [Fact]
    public async Task A_waiter_whose_wait_ends_while_its_hand_off_is_taken_waits_for_the_answer_and_returns_it()
    {
        using var cancel = new CancellationTokenSource();
        var timedOut = Park(CancellationToken.None);
        var first = await ParkedAsync(1);
        Assert.True(first.TryTake());
        _time.Advance(TimeSpan.FromSeconds(61)); // the wait is over, but an enqueue is claiming for this waiter
        await Task.Delay(200, Ct);
        Assert.False(timedOut.IsCompleted);
        first.Give("handed");
        Assert.Equal("handed", await timedOut.WaitAsync(Settle, Ct));

        var cancelled = Park(cancel.Token);
        var second = await ParkedAsync(2);
        Assert.True(second.TryTake());
        await cancel.CancelAsync(); // the server stops, or the request is aborted
        await Task.Delay(200, Ct);
        Assert.False(cancelled.IsCompleted);
        second.Give("handed too");
        Assert.Equal("handed too", await cancelled.WaitAsync(Settle, Ct));
    }

    [Fact]
    public async Task An_empty_answer_sends_the_waiter_back_to_look_and_park_again()
    {
        var parked = Park(CancellationToken.None);
        var first = await ParkedAsync(1);
        Assert.True(first.TryTake());
        first.Give(""); // the enqueue's claim found nothing this waiter's filter matches

        var second = await ParkedAsync(2);
        Assert.Equal(2, _looks);
        Assert.False(second.Given.IsCompleted);
        Assert.False(parked.IsCompleted);
        Assert.False(first.TryClose());
    }

    [Fact]
    public async Task A_waiter_woken_by_its_topic_closes_its_hand_off_so_it_can_no_longer_be_taken()
    {
        var notifier = new InProcessNotifier();
        var parked = Park(CancellationToken.None, notifier);
        var first = await ParkedAsync(1);

        notifier.Notify("topic");
        var second = await ParkedAsync(2);

        Assert.False(first.TryTake());
        Assert.True(second.TryTake());
        second.Give("handed");
        Assert.Equal("handed", await parked.WaitAsync(Settle, Ct));
    }

    /// <summary>A parked claim-like wait: looks find nothing (""), and each park opens a hand-off listed in <see cref="_opened"/>.</summary>
    private Task<string> Park(CancellationToken ct, INotifier? notifier = null) =>
        new Parking(notifier ?? new InProcessNotifier(), new BatonOptions(), _time).UntilAsync(
            "topic",
            _ =>
            {
                Interlocked.Increment(ref _looks);
                return Task.FromResult("");
            },
            answer => answer.Length > 0,
            TimeSpan.FromSeconds(60),
            ct,
            new WaitOptions<string>
            {
                LookAtDeadline = false,
                OpenHandOff = () =>
                {
                    var handOff = new HandOff<string>(_ => { });
                    lock (_opened) _opened.Add(handOff);
                    return handOff;
                },
            });

    /// <summary>Waits until the waiter has parked for the <paramref name="n"/>th time and returns that park's hand-off.</summary>
    private async Task<HandOff<string>> ParkedAsync(int n)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < deadline)
        {
            lock (_opened)
            {
                if (_opened.Count >= n) return _opened[n - 1];
            }

            await Task.Delay(10, Ct);
        }

        throw new TimeoutException($"the waiter did not park a {n}th time");
    }
}

using Baton.Core.Notifications;

namespace Baton.Core.Tests.Notifications;

public sealed class InProcessNotifierTests
{
    /// <summary>Long enough to never fire on a loaded CI machine when the wake-up works; short when it does not.</summary>
    private static readonly TimeSpan WakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Long enough for a wrongly completed task to have completed.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_watcher_taken_before_notify_wakes()
    {
        var notifier = new InProcessNotifier();
        var watch = notifier.Watch("claimable:t1");

        notifier.Notify("claimable:t1");

        await watch.WaitAsync(WakeTimeout, TestContext.Current.CancellationToken);
        Assert.True(watch.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_watcher_taken_after_notify_waits_for_the_next_notify()
    {
        var notifier = new InProcessNotifier();
        var first = notifier.Watch("claimable:t1");
        notifier.Notify("claimable:t1");
        await first.WaitAsync(WakeTimeout, TestContext.Current.CancellationToken);

        var second = notifier.Watch("claimable:t1");
        await Task.Delay(Quiet, TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted);

        notifier.Notify("claimable:t1");
        await second.WaitAsync(WakeTimeout, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_notify_with_nobody_watching_is_not_remembered_for_later_watchers()
    {
        var notifier = new InProcessNotifier();
        notifier.Notify("claimable:t1");

        var watch = notifier.Watch("claimable:t1");
        await Task.Delay(Quiet, TestContext.Current.CancellationToken);

        Assert.False(watch.IsCompleted);
    }

    [Fact]
    public async Task A_notify_wakes_only_the_watchers_of_its_topic()
    {
        var notifier = new InProcessNotifier();
        var tenantOne = notifier.Watch(Topics.Claimable("t1"));
        var tenantTwo = notifier.Watch(Topics.Claimable("t2"));

        notifier.Notify(Topics.Claimable("t2"));

        await tenantTwo.WaitAsync(WakeTimeout, TestContext.Current.CancellationToken);
        await Task.Delay(Quiet, TestContext.Current.CancellationToken);
        Assert.False(tenantOne.IsCompleted);
    }

    [Fact]
    public async Task Ten_thousand_parked_waiters_on_one_topic_all_wake_on_one_notify()
    {
        const int waiters = 10_000;
        var notifier = new InProcessNotifier();
        var woken = 0;
        var parked = Enumerable.Range(0, waiters).Select(_ => ParkAsync()).ToList();

        notifier.Notify("execution:e1");

        await Task.WhenAll(parked).WaitAsync(WakeTimeout, TestContext.Current.CancellationToken);
        Assert.Equal(waiters, Volatile.Read(ref woken));

        async Task ParkAsync()
        {
            await notifier.Watch("execution:e1");
            Interlocked.Increment(ref woken);
        }
    }

    [Fact]
    public async Task Notify_returns_without_running_waiter_code_inline()
    {
        // A notify sits in the commit path of every write; a waiter that ran inline would stall the writer.
        var notifier = new InProcessNotifier();
        using var notifyReturned = new ManualResetEventSlim();
        var waiter = notifier.Watch("claimable:t1").ContinueWith(
            _ => notifyReturned.Wait(WakeTimeout), TestContext.Current.CancellationToken,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        notifier.Notify("claimable:t1");
        notifyReturned.Set();

        Assert.True(await waiter.WaitAsync(WakeTimeout * 2, TestContext.Current.CancellationToken));
    }
}

using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

/// <summary>An enqueue that claims for a parked claimer in its own transaction (<see cref="EnqueueExecutionsParams.HandOff"/>).</summary>
public abstract partial class StoreConformanceTests
{
    private ClaimExecutionsParams HandOffTo(string worker, ClaimFilter? filter = null, int limit = 1) =>
        new(TenantA, worker, filter ?? ClaimFilter.Any, 60, limit, Now: Now);

    private Task<EnqueueResult> EnqueueWithHandOffAsync(ClaimExecutionsParams handOff, params NewExecution[] executions) =>
        Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantA, executions, Now, handOff), Ct);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_enqueue_with_a_hand_off_claims_its_new_row_in_the_same_commit_with_created_then_claimed_events(
        bool withKey)
    {
        var e = NewExecution(idempotencyKey: withKey ? "k1" : null, requestHash: withKey ? "h1" : null);

        var result = await EnqueueWithHandOffAsync(HandOffTo("w1"), e);

        Assert.Equal(ExecutionStatus.Pending, Assert.Single(result.Executions).Status); // as inserted
        var handed = Assert.Single(result.HandedOff);
        Assert.Equal((e.Id, ExecutionStatus.Delivering, 1, "w1"), (handed.Id, handed.Status, handed.Attempts, handed.ClaimedByWorker));
        Assert.NotNull(handed.ClaimToken);
        var stored = await GetAsync(e.Id);
        Assert.Equal((ExecutionStatus.Delivering, handed.ClaimToken), (stored.Status, stored.ClaimToken));
        var events = await ReadAllEventsAsync();
        Assert.Equal([EventTypes.ExecutionCreated, EventTypes.ExecutionClaimed], events.Select(ev => ev.Type));
        Assert.All(events, ev => Assert.Equal(e.Id, ev.ExecutionId));
        Assert.Empty(await ClaimAsync("w2")); // handed to one claimer only
        Assert.True((await ReportAsync(handed, success: true)).Execution!.Status == ExecutionStatus.Success);
    }

    [Fact]
    public async Task A_hand_off_claim_keeps_claim_order_and_its_filter_and_leaves_what_it_does_not_take_pending()
    {
        var older = await EnqueueOneAsync(NewExecution("a", priority: 5));

        var first = await EnqueueWithHandOffAsync(HandOffTo("w1", new ClaimFilter { Tasks = ["a"] }), NewExecution("a"));
        Assert.Equal(older.Id, Assert.Single(first.HandedOff).Id); // the older, higher-priority row comes first
        Assert.Equal(ExecutionStatus.Pending, (await GetAsync(first.Executions[0].Id)).Status);

        var other = await EnqueueWithHandOffAsync(HandOffTo("w2", new ClaimFilter { Tasks = ["b"] }), NewExecution("a"));
        Assert.Empty(other.HandedOff);

        var later = await EnqueueWithHandOffAsync(HandOffTo("w3"), NewExecution("a", scheduledFor: Now.AddMinutes(5)));
        Assert.Equal(first.Executions[0].Id, Assert.Single(later.HandedOff).Id); // not the row due later
        Assert.Equal(ExecutionStatus.Pending, (await GetAsync(later.Executions[0].Id)).Status);

        var two = await EnqueueWithHandOffAsync(HandOffTo("w4", limit: 5), NewExecution("c"), NewExecution("c"));
        Assert.Equal(
            [other.Executions[0].Id, two.Executions[0].Id, two.Executions[1].Id],
            two.HandedOff.Select(e => e.Id));
    }

    [Fact]
    public async Task An_enqueue_that_fails_claims_nothing_for_its_hand_off()
    {
        var waiting = await EnqueueOneAsync(NewExecution(idempotencyKey: "k1", requestHash: "h1"));

        await ThrowsDomainAsync("idempotency_key_conflict", () => EnqueueWithHandOffAsync(HandOffTo("w1"),
            NewExecution(), NewExecution(idempotencyKey: "k1", requestHash: "other")));

        Assert.Equal(ExecutionStatus.Pending, (await GetAsync(waiting.Id)).Status);
        Assert.Equal(1, (await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA), Ct)).Total);
    }
}

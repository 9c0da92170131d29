using Baton.Client;
using Baton.Contracts.Executions;
using Xunit;

namespace Baton.Server.Tests;

public sealed class ListingTests : IAsyncLifetime
{
    private ServerHarness _server = null!;
    private BatonClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerHarness.StartAsync();
        _client = await _server.NewTenantAsync();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Listing_filters_pages_and_counts_by_status_over_the_same_filters()
    {
        await _client.EnqueueBatchAsync(
        [
            new() { Queue = "mail", Task = "send", RunId = "run-1", Tags = ["vip"] },
            new() { Queue = "mail", Task = "send", RunId = "run-1" },
            new() { Queue = "mail", Task = "send", RunId = "run-1" },
            new() { Queue = "other", Task = "send", RunId = "run-2" },
        ], Ct);
        var claim = await _client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w", Queue = "mail" }, Ct);

        var mailPending = await _client.ListExecutionsAsync(
            new ExecutionListQuery { Queue = "mail", Statuses = ["pending"], Limit = 1 }, Ct);
        Assert.Equal((2, 1, 0, true), (mailPending.Total, mailPending.Executions.Count, mailPending.Offset, mailPending.HasMore));
        // Counts ignore the status filter but keep the others.
        Assert.Equal((2, 1), (mailPending.Counts.Pending, mailPending.Counts.Delivering));

        var secondPage = await _client.ListExecutionsAsync(
            new ExecutionListQuery { Queue = "mail", Statuses = ["pending"], Limit = 1, Offset = 1 }, Ct);
        Assert.False(secondPage.HasMore);
        Assert.NotEqual(mailPending.Executions[0].Id, secondPage.Executions[0].Id);

        var byWorker = await _client.ListExecutionsAsync(new ExecutionListQuery { WorkerId = "w" }, Ct);
        Assert.Equal(claim.ExecutionId, Assert.Single(byWorker.Executions).Id);
        Assert.Equal(1, (await _client.ListExecutionsAsync(new ExecutionListQuery { Tag = "vip" }, Ct)).Total);
        Assert.Equal(1, (await _client.ListExecutionsAsync(new ExecutionListQuery { RunId = "run-2" }, Ct)).Total);
        Assert.Equal(4, (await _client.ListExecutionsAsync(new ExecutionListQuery { TriggeredBy = "api", Task = "send" }, Ct)).Total);
    }

    [Fact]
    public async Task Claim_order_is_priority_then_due_time_and_future_work_waits_for_its_time()
    {
        var low = (await _client.EnqueueAsync(new EnqueueExecutionRequest { Title = "low" }, Ct)).Execution;
        var high = (await _client.EnqueueAsync(new EnqueueExecutionRequest { Title = "high", Priority = 10 }, Ct)).Execution;
        var later = (await _client.EnqueueAsync(
            new EnqueueExecutionRequest { Title = "later", Priority = 100, SendAt = DateTimeOffset.UtcNow.AddHours(1) }, Ct)).Execution;
        Assert.Equal("pending", later.Status);

        var claimable = await _client.ListClaimableAsync(ct: Ct);
        Assert.Equal([high.Id, low.Id], claimable.Executions.Select(e => e.ExecutionId));

        var claim = await _client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w", Limit = 10 }, Ct);
        Assert.Equal([high.Id, low.Id], claim.Executions!.Select(e => e.ExecutionId));
        Assert.Null(await _client.TryClaimAsync(new ClaimExecutionsRequest { WorkerId = "w" }, Ct));
    }
}

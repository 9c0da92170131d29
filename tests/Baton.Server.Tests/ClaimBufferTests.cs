using System.Collections.Concurrent;
using Baton.Client;
using Baton.Contracts.Executions;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// <see cref="ClaimBuffer"/> against a real server on the real clock: every execution handed out once, nothing held
/// past half its lease, and everything held given back at dispose with the attempt not counted.
/// </summary>
public sealed class ClaimBufferTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Two_buffers_hand_out_each_of_300_executions_exactly_once_and_every_claim_token_records_its_outcome()
    {
        const int total = 300;
        var client = await _server.NewTenantAsync();
        var enqueued = (await client.EnqueueBatchAsync(
                Enumerable.Range(0, total).Select(i => new EnqueueExecutionRequest { Task = "work", Title = $"item {i}" }).ToList(), Ct))
            .Executions.Select(e => e.Id).ToHashSet();

        var handedOut = new ConcurrentDictionary<Guid, string>();
        var handedTwice = new ConcurrentBag<Guid>();
        using var allDone = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var consumers = new[] { "buffer-a", "buffer-b" }.Select(worker => Task.Run(async () =>
        {
            await using var buffer = new ClaimBuffer(client, Request(worker), capacity: 7);
            while (!allDone.IsCancellationRequested)
            {
                ClaimedExecution claimed;
                try
                {
                    claimed = await buffer.TakeAsync(allDone.Token);
                }
                catch (OperationCanceledException) when (allDone.IsCancellationRequested)
                {
                    return;
                }

                if (!handedOut.TryAdd(claimed.Id, worker)) handedTwice.Add(claimed.Id);
                await client.RecordOutcomeAsync(claimed.Id, new RecordOutcomeRequest { Success = true }, worker, claimed.ClaimToken, Ct);
                if (handedOut.Count == total) await allDone.CancelAsync();
            }
        }, Ct)).ToList();
        await Task.WhenAll(consumers).WaitAsync(TimeSpan.FromMinutes(2), Ct);

        Assert.Empty(handedTwice);
        Assert.Equal(enqueued, handedOut.Keys.ToHashSet());
        // Both took part: the buffers shared the queue rather than one holding it all.
        Assert.Equal(2, handedOut.Values.Distinct().Count());
        var page = await client.ListExecutionsAsync(new ExecutionListQuery { Limit = 1 }, Ct);
        Assert.Equal(((long)total, 0L, 0L), (page.Counts.Success, page.Counts.Pending, page.Counts.Delivering));
    }

    [Fact]
    public async Task An_execution_held_past_half_its_lease_is_released_not_handed_out_and_another_worker_claims_it()
    {
        var client = await _server.NewTenantAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add((await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "work" }, Ct)).Execution.Id);

        // A 4-second lease: the buffer may hold each execution for 2 s.
        await using var buffer = new ClaimBuffer(client, Request("slow-worker") with { LeaseSeconds = 4 }, capacity: 5);
        var first = await buffer.TakeAsync(Ct);
        Assert.Equal(ids[0], first.Id);
        await WaitUntilAsync(() => buffer.Count == 2, "the buffer held the other two");

        // Nobody takes: after half the lease both go back, before the lease itself has run out.
        await WaitUntilAsync(() => buffer.Count == 0, "the buffer gave back what it held", TimeSpan.FromSeconds(3.5));
        foreach (var id in ids.Skip(1))
        {
            await WaitUntilAsync(
                async () => (await client.GetExecutionAsync(id, Ct)) is { Status: "pending", Attempts: 0, ClaimedByWorker: null },
                $"{id} is pending again with its attempt given back");
        }

        // The buffer does not take them straight back: another worker claims both.
        var other = await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "other-worker", Task = "work", Limit = 10 }, Ct);
        Assert.Equal(ids.Skip(1).ToHashSet(), other.Executions!.Select(e => e.ExecutionId).ToHashSet());

        // And the buffer never hands out what it gave back.
        using var shortly = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        shortly.CancelAfter(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => buffer.TakeAsync(shortly.Token));
        Assert.Equal(("delivering", "slow-worker"), ((await client.GetExecutionAsync(first.Id, Ct)).Status, (await client.GetExecutionAsync(first.Id, Ct)).ClaimedByWorker));
    }

    [Fact]
    public async Task Disposing_a_buffer_releases_everything_it_holds_at_once_with_the_attempts_not_counted()
    {
        var client = await _server.NewTenantAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add((await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "work" }, Ct)).Execution.Id);

        var released = new ConcurrentBag<(Guid Id, Exception? Failure)>();
        var buffer = new ClaimBuffer(client, Request("stopping-worker"), capacity: 10) { Released = (c, e) => released.Add((c.Id, e)) };
        var taken = await buffer.TakeAsync(Ct);
        await WaitUntilAsync(() => buffer.Count == 4, "the buffer held the other four");
        await buffer.DisposeAsync();

        // Answered by the time dispose returns: no waiting for a lease.
        Assert.Equal(ids.Where(id => id != taken.Id).ToHashSet(), released.Select(r => r.Id).ToHashSet());
        Assert.All(released, r => Assert.Null(r.Failure));
        foreach (var id in ids.Where(id => id != taken.Id))
        {
            Assert.Equal(("pending", 0, (string?)null), ((await client.GetExecutionAsync(id, Ct)) is var e ? (e.Status, e.Attempts, e.ClaimedByWorker) : default));
        }

        var taker = await client.GetExecutionAsync(taken.Id, Ct);
        Assert.Equal(("delivering", 1), (taker.Status, taker.Attempts));
        var other = await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "other-worker", Task = "work", Limit = 10 }, Ct);
        Assert.Equal(4, other.Executions!.Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => buffer.TakeAsync(Ct));
    }

    [Fact]
    public async Task A_refused_claim_is_thrown_by_take_and_not_tried_again_until_the_next_take()
    {
        var (_, key) = await _server.RegisterTenantAsync();
        var claims = new ClaimCounter { InnerHandler = new SocketsHttpHandler() };
        using var http = new HttpClient(claims);
        var client = new BatonClient(http, _server.BaseUrl, key);
        await using var buffer = new ClaimBuffer(client, Request("bad-worker") with { LeaseSeconds = 0 }, capacity: 3);

        for (var take = 1; take <= 2; take++)
        {
            var refused = await Assert.ThrowsAsync<BatonApiException>(() => buffer.TakeAsync(Ct)).WaitAsync(TimeSpan.FromSeconds(30), Ct);
            Assert.Equal((422, "validation_error"), ((int)refused.Status, refused.Code));
            // The caller's back-off decides when to ask again: the buffer does not retry on its own.
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            Assert.Equal(take, claims.Count);
        }
    }

    /// <summary>Counts the claim requests that go out over the real connection.</summary>
    private sealed class ClaimCounter : DelegatingHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/v1/executions/claim", StringComparison.Ordinal)) Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static ClaimExecutionsRequest Request(string worker) => new() { WorkerId = worker, Task = "work", WaitSeconds = 5 };

    private static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? within = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, within);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50, Ct);
        }
    }
}

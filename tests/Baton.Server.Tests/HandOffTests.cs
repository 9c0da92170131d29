using System.Collections.Concurrent;
using System.Reflection;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Baton.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// Parked claims served by the enqueue's own transaction (<see cref="ParkedClaims"/>), through the real server on
/// both stores: the claimer gets the work without a claim of its own, and under concurrency every execution reaches
/// exactly one claimer and none is left delivering to nobody.
/// </summary>
public sealed class HandOffTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_parked_claim_is_handed_the_new_execution_by_the_enqueue_without_a_claim_of_its_own(StoreKind kind)
    {
        var calls = new StoreCalls();
        await using var server = await StartAsync(kind, calls);
        var client = await server.NewTenantAsync();

        var claim = client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w", Task = "t", WaitSeconds = 30 }, Ct);
        await ParkedAsync(server, 1);
        var enqueued = await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t" }, Ct);
        var claimed = await claim;

        Assert.Equal(enqueued.Execution.Id, claimed.ExecutionId);
        Assert.Equal(1, calls.Count(nameof(IBatonStore.ClaimExecutionsAsync))); // the look before it parked
        Assert.Equal(1, calls.HandOffs);
        var stored = await client.GetExecutionAsync(claimed.ExecutionId, Ct);
        Assert.Equal(("delivering", "w", 1), (stored.Status, stored.ClaimedByWorker, stored.Attempts));
        Assert.Equal(0, server.Service<ParkedClaims>().Count);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_parked_claim_taken_by_an_enqueue_that_fails_goes_back_to_waiting_and_gets_the_next_execution(
        StoreKind kind)
    {
        var calls = new StoreCalls();
        await using var server = await StartAsync(kind, calls);
        var client = await server.NewTenantAsync();
        await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "other", IdempotencyKey = "k" }, Ct);

        var claim = client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w", Task = "t", WaitSeconds = 30 }, Ct);
        await ParkedAsync(server, 1);
        await ApiAssert.FailsAsync(System.Net.HttpStatusCode.Conflict, "idempotency_key_conflict", () =>
            client.EnqueueBatchAsync([new() { Task = "t" }, new() { Task = "t2", IdempotencyKey = "k" }], Ct));
        Assert.Equal(1, calls.HandOffs); // the failed enqueue had taken the parked claim
        await ParkedAsync(server, 1);
        var next = await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t" }, Ct);

        Assert.Equal(next.Execution.Id, (await claim.WaitAsync(TimeSpan.FromSeconds(20), Ct)).ExecutionId);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Work_handed_to_a_claim_whose_caller_left_meanwhile_goes_back_to_pending_at_once(StoreKind kind)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = new StoreCalls { BeforeHandOff = gate.Task };
        await using var server = await StartAsync(kind, calls);
        var client = await server.NewTenantAsync();
        using var leave = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var claim = client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w", Task = "t", WaitSeconds = 30 }, leave.Token);
        await ParkedAsync(server, 1);
        var enqueue = client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t" }, Ct);
        while (calls.HandOffs == 0) await Task.Delay(10, Ct); // the enqueue has taken the claim, and waits at the gate
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => claim);
        await Task.Delay(500, Ct); // for the server to see the connection close
        gate.SetResult();
        var id = (await enqueue).Execution.Id;

        var row = await client.GetExecutionAsync(id, Ct);
        for (var deadline = DateTime.UtcNow.AddSeconds(10); row.Status != "pending" && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(20, Ct);
            row = await client.GetExecutionAsync(id, Ct);
        }

        Assert.Equal(("pending", 0), (row.Status, row.Attempts));
        Assert.Equal(1, calls.HandOffs);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Concurrent_enqueues_and_parked_claimers_hand_every_execution_to_exactly_one_claimer(StoreKind kind)
    {
        const int enqueuers = 4;
        const int perEnqueuer = 40;
        const int claimers = 9;
        var calls = new StoreCalls();
        await using var server = await StartAsync(kind, calls);
        var client = await server.NewTenantAsync();
        var received = new ConcurrentBag<(Guid Id, string Worker, string Token)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        // Claimers filter three ways (any task, only "a", only "b") and take one or two at a time, as workers do.
        var claiming = Enumerable.Range(0, claimers).Select(n => Task.Run(async () =>
        {
            var request = new ClaimExecutionsRequest
            {
                WorkerId = "w" + n,
                Task = (n % 3) switch { 1 => "a", 2 => "b", _ => null },
                Limit = 1 + n % 2,
                WaitSeconds = 2,
            };
            while (!stop.IsCancellationRequested)
            {
                var claim = await client.TryClaimAsync(request, CancellationToken.None);
                if (claim is null) continue;
                var got = claim.Executions?.Select(e => (e.ExecutionId, e.ClaimToken)) ?? [(claim.ExecutionId, claim.ClaimToken)];
                foreach (var (id, token) in got) received.Add((id, request.WorkerId, token));
            }
        }, Ct)).ToList();

        await ParkedAsync(server, claimers);
        var enqueued = new ConcurrentBag<Guid>();
        await Task.WhenAll(Enumerable.Range(0, enqueuers).Select(n => Task.Run(async () =>
        {
            for (var i = 0; i < perEnqueuer; i++)
            {
                var e = await client.EnqueueAsync(new EnqueueExecutionRequest { Task = (n + i) % 2 == 0 ? "a" : "b" }, Ct);
                enqueued.Add(e.Execution.Id);
            }
        }, Ct)));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (received.Count < enqueued.Count && DateTime.UtcNow < deadline) await Task.Delay(20, Ct);
        await stop.CancelAsync();
        await Task.WhenAll(claiming);

        Assert.Equal(enqueued.Count, received.Count);
        Assert.Equal(enqueued.ToHashSet(), received.Select(r => r.Id).ToHashSet());
        var byId = received.ToDictionary(r => r.Id);
        var rows = new List<ExecutionResponse>();
        for (var offset = 0; offset < enqueuers * perEnqueuer; offset += 100)
        {
            rows.AddRange((await client.ListExecutionsAsync(new ExecutionListQuery { Limit = 100, Offset = offset }, Ct)).Executions);
        }

        Assert.Equal(enqueuers * perEnqueuer, rows.Select(r => r.Id).Distinct().Count());
        foreach (var row in rows)
        {
            Assert.Equal(("delivering", 1), (row.Status, row.Attempts));
            Assert.Equal(byId[row.Id].Worker, row.ClaimedByWorker);
        }

        Assert.True(calls.HandOffs > 0, "no enqueue claimed for a parked claimer: the test did not exercise the hand-off");
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Parked_awaits_are_answered_with_the_row_the_outcome_or_cancel_wrote_without_reading_it_back(
        StoreKind kind)
    {
        var calls = new StoreCalls();
        await using var server = await StartAsync(kind, calls);
        var client = await server.NewTenantAsync();
        var reported = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t" }, Ct)).Execution.Id;
        var cancelled = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t" }, Ct)).Execution.Id;
        var claim = await client.ClaimByIdAsync(reported, new ClaimByIdRequest { WorkerId = "w" }, Ct);

        // Two callers await the reported one, one awaits the cancelled one; each looks once before it parks.
        var awaits = new[] { reported, reported, cancelled }
            .Select(id => client.WaitForExecutionAsync(id, TimeSpan.FromSeconds(30), Ct)).ToList();
        var parked = server.Service<ParkedAwaits>();
        await ParkedAsync(() => parked.Count, 3);
        var readsBefore = calls.Count(nameof(IBatonStore.GetExecutionAsync));
        await client.RecordOutcomeAsync(reported, new RecordOutcomeRequest { Success = true, Result = "built" }, "w", claim.ClaimToken, Ct);
        await client.CancelAsync(cancelled, new CancelExecutionRequest { Reason = "not needed" }, ct: Ct);
        var answers = await Task.WhenAll(awaits).WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(("success", "built"), (answers[0].Status, answers[0].Outcome?.Result));
        Assert.Equal(("success", "built"), (answers[1].Status, answers[1].Outcome?.Result));
        Assert.Equal(("cancelled", "not needed"), (answers[2].Status, answers[2].CancelReason));
        Assert.Equal(readsBefore, calls.Count(nameof(IBatonStore.GetExecutionAsync)));
        Assert.Equal(0, parked.Count);
        Assert.Equal(answers[0].UpdatedAt, (await client.GetExecutionAsync(reported, Ct)).UpdatedAt);
    }

    private async Task<ServerHarness> StartAsync(StoreKind kind, StoreCalls calls)
    {
        var connectionString = kind == StoreKind.Postgres ? await postgres.CreateDatabaseAsync() : null;
        return await ServerHarness.StartAsync(
            s => s with { Store = kind, PostgresConnectionString = connectionString },
            builder =>
            {
                var real = builder.Services.Single(d => d.ServiceType == typeof(IBatonStore));
                builder.Services.Remove(real);
                builder.Services.AddSingleton(sp => calls.Wrap((IBatonStore)real.ImplementationFactory!(sp)));
            });
    }

    private static Task ParkedAsync(ServerHarness server, int claims) =>
        ParkedAsync(() => server.Service<ParkedClaims>().Count, claims);

    /// <summary>Waits up to 20 s for <paramref name="count"/> to reach <paramref name="expected"/>, then asserts it.</summary>
    private static async Task ParkedAsync(Func<int> count, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (count() < expected && DateTime.UtcNow < deadline) await Task.Delay(10, Ct);
        Assert.Equal(expected, count());
    }

    /// <summary>Counts the calls made on the real store, and the enqueues that carried a hand-off claim.</summary>
    internal sealed class StoreCalls
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();
        private int _handOffs;

        public int HandOffs => Volatile.Read(ref _handOffs);

        /// <summary>When set, an enqueue carrying a hand-off reaches the store only once this completes.</summary>
        public Task? BeforeHandOff { get; init; }

        public int Count(string method) => _counts.GetValueOrDefault(method);

        public IBatonStore Wrap(IBatonStore store)
        {
            var proxy = DispatchProxy.Create<IBatonStore, CountingStore>();
            ((CountingStore)(object)proxy).Attach(store, this);
            return proxy;
        }

        private void Saw(MethodInfo method, object?[]? args)
        {
            _counts.AddOrUpdate(method.Name, 1, (_, n) => n + 1);
            if (args?.FirstOrDefault() is EnqueueExecutionsParams { HandOff: not null }) Interlocked.Increment(ref _handOffs);
        }

        /// <summary>The proxy itself; public with a parameterless constructor, as DispatchProxy requires.</summary>
        public class CountingStore : DispatchProxy
        {
            private IBatonStore _store = null!;
            private StoreCalls _calls = null!;

            internal void Attach(IBatonStore store, StoreCalls calls) => (_store, _calls) = (store, calls);

            protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
            {
                _calls.Saw(targetMethod!, args);
                if (_calls.BeforeHandOff is { } gate && args?.FirstOrDefault() is EnqueueExecutionsParams { HandOff: not null } p)
                {
                    return EnqueueAfterAsync(gate, p, (CancellationToken)args[1]!);
                }

                try
                {
                    return targetMethod!.Invoke(_store, args);
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    throw e.InnerException;
                }
            }

            private async Task<EnqueueResult> EnqueueAfterAsync(Task gate, EnqueueExecutionsParams p, CancellationToken ct)
            {
                await gate;
                return await _store.EnqueueExecutionsAsync(p, ct);
            }
        }
    }
}

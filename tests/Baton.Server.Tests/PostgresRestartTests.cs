using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Testing;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// PostgreSQL crashes and restarts (<c>pg_ctl stop -m immediate</c>) under load. Clients see only 503
/// <c>store_unavailable</c> meanwhile, never a 500; every acknowledged write is there afterwards; and the server
/// serves again within 5 s of the database returning, without a restart of its own. Its own cluster, since it is
/// taken down.
/// </summary>
public sealed class PostgresRestartTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_postgres_restart_under_load_is_only_503s_loses_nothing_acknowledged_and_recovers_within_5_s()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var server = await ServerHarness.StartAsync(s => s with
        {
            Store = StoreKind.Postgres,
            PostgresConnectionString = connectionString,
        });
        var (client, key) = await server.RegisterTenantAsync();
        // Retrying off: the test wants to see every answer the server gives.
        var raw = new BatonClient(server.Http, server.BaseUrl, key) { RetryFor = TimeSpan.Zero };

        var clock = Stopwatch.StartNew();
        var enqueued = new ConcurrentBag<Guid>();
        var finished = new ConcurrentBag<Guid>();
        var errors = new ConcurrentBag<string>();
        var outcomes = new ConcurrentBag<(TimeSpan Started, bool Ok)>();
        using var stop = new CancellationTokenSource();

        async Task<T?> TryAsync<T>(Func<Task<T>> call)
            where T : class
        {
            var started = clock.Elapsed;
            try
            {
                var result = await call();
                outcomes.Add((started, true));
                return result;
            }
            catch (BatonApiException e) when (e.Status == HttpStatusCode.ServiceUnavailable && e.Code == "store_unavailable")
            {
                outcomes.Add((started, false));
                return null;
            }
            catch (BatonApiException e)
            {
                errors.Add($"{(int)e.Status} {e.Code}: {e.Message}");
                return null;
            }
        }

        var load = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var e = await TryAsync(() => raw.EnqueueAsync(
                    new EnqueueExecutionRequest { Task = "t", IdempotencyKey = $"w{w}-{i}" }, CancellationToken.None));
                if (e is null)
                {
                    await Task.Delay(20, CancellationToken.None);
                    continue;
                }

                enqueued.Add(e.Execution.Id);
                var claim = await TryAsync(() => raw.ClaimByIdAsync(e.Execution.Id, new ClaimByIdRequest { WorkerId = "w" + w }, CancellationToken.None));
                if (claim is null) continue;
                var recorded = await TryAsync(() => raw.RecordOutcomeAsync(
                    e.Execution.Id, new RecordOutcomeRequest { Success = true }, "w" + w, claim.ClaimToken, CancellationToken.None));
                if (recorded is not null) finished.Add(e.Execution.Id);
            }
        }, Ct)).ToArray();

        await Task.Delay(1000, Ct);
        await cluster.CrashAndRestartAsync(TimeSpan.FromSeconds(2));
        var returned = clock.Elapsed;
        await Task.Delay(6000, Ct);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var firstServed = outcomes.Where(o => o.Ok && o.Started > returned).Min(o => o.Started) - returned;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{outcomes.Count(o => !o.Ok)} answers 503, {outcomes.Count(o => o.Ok)} served; first served {firstServed.TotalMilliseconds:F0} ms after the database returned");
        Assert.Empty(errors);
        Assert.Contains(outcomes, o => !o.Ok); // the outage was seen, as 503s
        var late = outcomes.Where(o => o.Started > returned + TimeSpan.FromSeconds(5)).ToList();
        Assert.NotEmpty(late);
        Assert.All(late, o => Assert.True(o.Ok, "a request more than 5 s after the database returned failed"));

        foreach (var id in enqueued.Distinct())
        {
            var execution = await client.GetExecutionAsync(id, Ct);
            if (finished.Contains(id)) Assert.Equal("success", execution.Status);
        }

        Assert.True(finished.Count > 10, $"only {finished.Count} finished");
    }

}

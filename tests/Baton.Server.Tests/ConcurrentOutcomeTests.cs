using System.Collections.Concurrent;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Testing;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// Outcomes sent by many clients at once, one report per request (and some through the batch endpoint), which the
/// batch completer records together: on both stores every execution is finished once, every request gets the
/// answer it would have got alone in some serial order (duplicates and refusals mixed in), and each transition has
/// exactly one event.
/// </summary>
public sealed class ConcurrentOutcomeTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>
{
    private const int PerKind = 40;
    private const int Clients = 16;
    private const string Worker = "w";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Concurrent_single_outcomes_each_get_the_answer_they_would_get_alone(StoreKind kind)
    {
        var connectionString = kind == StoreKind.Postgres ? await postgres.CreateDatabaseAsync() : null;
        await using var server = await ServerHarness.StartAsync(
            s => s with { Store = kind, PostgresConnectionString = connectionString, RunMaintenance = false });
        var client = await server.NewTenantAsync();
        var claims = await EnqueueAndClaimAsync(client, 5 * PerKind);
        var once = claims[..PerKind];                       // one success report
        var twice = claims[PerKind..(2 * PerKind)];         // the same success report twice
        var retried = claims[(2 * PerKind)..(3 * PerKind)]; // a retryable failure, then the same report again
        var stolen = claims[(3 * PerKind)..(4 * PerKind)];  // a report with someone else's claim token only
        var batched = claims[(4 * PerKind)..];              // through POST /v1/executions/outcomes, four a request

        // Each request and the answers it may get; for a pair, the two answers in either order.
        var requests = new List<Func<Task<string[]>>>();
        foreach (var c in once.Concat(twice).Concat(twice)) requests.Add(() => SingleAsync(client, c.ExecutionId, c.ClaimToken, success: true));
        foreach (var c in retried.Concat(retried)) requests.Add(() => SingleAsync(client, c.ExecutionId, c.ClaimToken, success: false));
        foreach (var c in stolen) requests.Add(() => SingleAsync(client, c.ExecutionId, "not-the-token", success: true));
        requests.Add(() => SingleAsync(client, Guid.NewGuid(), null, success: true));
        foreach (var group in batched.Chunk(4)) requests.Add(() => BatchAsync(client, group));
        var queue = new ConcurrentQueue<Func<Task<string[]>>>(requests.OrderBy(_ => Random.Shared.Next()));
        var answers = new ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var request))
            {
                foreach (var answer in await request()) answers.Add(answer);
            }
        }, Ct)));

        string[] expected =
        [
            .. once.Concat(twice).Concat(batched).Select(c => $"{c.ExecutionId} success"),
            .. twice.Select(c => $"{c.ExecutionId} outcome_already_recorded"),
            .. retried.Select(c => $"{c.ExecutionId} retrying"),
            .. retried.Select(c => $"{c.ExecutionId} claim_lost"), // the retry cleared the claim the second one names
            .. stolen.Select(c => $"{c.ExecutionId} claim_lost"),
            "unknown execution_not_found",
        ];
        Assert.Equal(expected.Order(), answers.Order());

        foreach (var c in once.Concat(twice).Concat(batched)) await AssertStoredAsync(client, c.ExecutionId, "success", true);
        foreach (var c in retried) await AssertStoredAsync(client, c.ExecutionId, "retrying", false);
        foreach (var c in stolen) await AssertStoredAsync(client, c.ExecutionId, "delivering", null);

        var events = await OutcomeEventsAsync(client);
        var finished = once.Concat(twice).Concat(batched).Select(c => $"{c.ExecutionId} execution.succeeded");
        Assert.Equal(finished.Concat(retried.Select(c => $"{c.ExecutionId} execution.retrying")).Order(), events.Order());
    }

    private static async Task<List<ClaimedExecutionResponse>> EnqueueAndClaimAsync(BatonClient client, int count)
    {
        var claims = new List<ClaimedExecutionResponse>();
        foreach (var chunk in Enumerable.Range(0, count).Chunk(100))
        {
            await client.EnqueueBatchAsync(
                [.. chunk.Select(_ => new EnqueueExecutionRequest { Task = "t", MaxAttempts = 3 })], Ct);
            var claim = await client.ClaimAsync(
                new ClaimExecutionsRequest { WorkerId = Worker, Limit = chunk.Length, LeaseSeconds = 600 }, Ct);
            claims.AddRange(claim.Executions!);
        }

        Assert.Equal(count, claims.Count);
        return claims;
    }

    private static async Task<string[]> SingleAsync(BatonClient client, Guid id, string? token, bool success)
    {
        try
        {
            var recorded = await client.RecordOutcomeAsync(
                id, new RecordOutcomeRequest { Success = success, Error = success ? null : "flaky" }, Worker, token, Ct);
            return [$"{id} {recorded.Status}"];
        }
        catch (BatonApiException e)
        {
            return [e.Code == "execution_not_found" ? "unknown execution_not_found" : $"{id} {e.Code}"];
        }
    }

    private static async Task<string[]> BatchAsync(BatonClient client, ClaimedExecutionResponse[] group)
    {
        var response = await client.RecordOutcomesAsync(
            [.. group.Select(c => new BatchOutcomeItem { ExecutionId = c.ExecutionId, ClaimToken = c.ClaimToken, Success = true })],
            Worker, Ct);
        return [.. response.Results.Select(r => $"{r.ExecutionId} {r.Error?.Code ?? r.Status}")];
    }

    private static async Task AssertStoredAsync(BatonClient client, Guid id, string status, bool? outcome)
    {
        var stored = await client.GetExecutionAsync(id, Ct);
        Assert.Equal((status, outcome), (stored.Status, stored.Outcome?.Success));
    }

    /// <summary>Every succeeded and retrying event of the tenant, as "id type".</summary>
    private static async Task<List<string>> OutcomeEventsAsync(BatonClient client)
    {
        var seen = new List<string>();
        string? cursor = null;
        while (true)
        {
            var page = await client.ListEventsAsync(cursor, new EventQuery
            {
                Types = ["execution.succeeded", "execution.retrying", "execution.failed"],
                Limit = 1000,
            }, ct: Ct);
            seen.AddRange(page.Events.Select(e => $"{e.ExecutionId} {e.Type}"));
            if (page.Events.Count == 0) return seen;
            cursor = page.NextCursor;
        }
    }
}

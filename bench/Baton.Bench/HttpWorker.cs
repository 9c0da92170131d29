using System.Globalization;
using Baton.Client;
using Baton.Contracts.Executions;

namespace Baton.Bench;

/// <summary>
/// The body of one HTTP worker process (<c>Baton.Bench http-worker URL KEY LOOPS BATCH [SINGLE]</c>): says READY,
/// waits for GO on standard input, then runs LOOPS claim loops — claim up to BATCH with <c>Baton.Client</c>, report
/// them all through <c>POST /v1/executions/outcomes</c>, or with SINGLE one <c>POST /v1/executions/{id}/outcome</c>
/// per execution, SINGLE at a time per loop — until a claim finds nothing, and prints DONE with its count.
/// </summary>
public static class HttpWorker
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = new Uri(args[0]);
        var key = args[1];
        var loops = int.Parse(args[2], CultureInfo.InvariantCulture);
        var batch = int.Parse(args[3], CultureInfo.InvariantCulture);
        var single = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 0;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = loops * (2 + single) });
        var client = new BatonClient(http, url, key);
        await client.GetInfoAsync(); // a warm connection and JIT before the clock starts
        Console.WriteLine("READY");
        if (await Console.In.ReadLineAsync() != "GO") return 2;
        var pid = Environment.ProcessId;
        var counts = await Task.WhenAll(Enumerable.Range(0, loops).Select(k => single > 0
            ? DrainOneByOneAsync(client, $"p{pid}-{k}", batch, single)
            : DrainAsync(client, $"p{pid}-{k}", batch)));
        Console.WriteLine("DONE " + counts.Sum().ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    /// <summary>
    /// One claim loop: claims up to <paramref name="batch"/> executions (of <paramref name="task"/> when given) as
    /// <paramref name="worker"/>, reports them all succeeded with one <c>POST /v1/executions/outcomes</c>, and repeats
    /// until a claim finds nothing. Returns how many it finished; a refused outcome fails the run.
    /// </summary>
    public static async Task<int> DrainAsync(BatonClient client, string worker, int batch, string? task = null)
    {
        var done = 0;
        while (await client.TryClaimAsync(new ClaimExecutionsRequest { WorkerId = worker, Task = task, Limit = batch, LeaseSeconds = 300 }) is { } claim)
        {
            var claimed = claim.Executions
                          ?? [new ClaimedExecutionResponse { ExecutionId = claim.ExecutionId, ClaimToken = claim.ClaimToken, LeaseExpiresAt = claim.LeaseExpiresAt, Execution = claim.Execution }];
            var response = await client.RecordOutcomesAsync(
                [.. claimed.Select(c => new BatchOutcomeItem { ExecutionId = c.ExecutionId, ClaimToken = c.ClaimToken, Success = true })],
                worker);
            if (response.Results.FirstOrDefault(r => r.Error is not null) is { } refused)
            {
                throw new InvalidOperationException("outcome refused: " + refused.Error!.Code);
            }

            done += claimed.Count;
        }

        return done;
    }

    /// <summary>
    /// <see cref="DrainAsync"/> as agents and <c>baton worker</c> report: each claimed execution's outcome on its own
    /// <c>POST /v1/executions/{id}/outcome</c>, <paramref name="concurrency"/> requests in flight at a time.
    /// </summary>
    public static async Task<int> DrainOneByOneAsync(BatonClient client, string worker, int batch, int concurrency)
    {
        var done = 0;
        while (await client.TryClaimAsync(new ClaimExecutionsRequest { WorkerId = worker, Limit = batch, LeaseSeconds = 300 }) is { } claim)
        {
            var claimed = claim.Executions
                          ?? [new ClaimedExecutionResponse { ExecutionId = claim.ExecutionId, ClaimToken = claim.ClaimToken, LeaseExpiresAt = claim.LeaseExpiresAt, Execution = claim.Execution }];
            await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (c, ct) =>
                await client.RecordOutcomeAsync(c.ExecutionId, new RecordOutcomeRequest { Success = true }, worker, c.ClaimToken, ct));
            done += claimed.Count;
        }

        return done;
    }
}

using System.Net;
using Baton.Client;
using Baton.Contracts.Executions;

namespace Baton.Chaos;

/// <summary>
/// The load of a run, from this process over HTTP: enqueuers (every enqueue carries an idempotency key and is
/// repeated until acknowledged) and raw claimers (claim, sometimes heartbeat, sometimes stall past the lease, then
/// report), each writing what the server acknowledged to the history.
/// </summary>
public sealed class Load(NodeClients clients, HistoryLog history, int seed)
{
    public const string RunId = "chaos";
    public const string RawTask = "raw";
    public const string DaemonTask = "daemon";
    public const int LeaseSeconds = 5;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public int Enqueued => history.Entries.Count(e => e.Op == HistoryOps.Enqueued);

    public async Task EnqueueAsync(string actor, CancellationToken stop)
    {
        var random = new Random(HashCode.Combine(seed, actor));
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var key = $"{actor}-{i}";
            var request = new EnqueueExecutionRequest
            {
                Title = key,
                Task = random.Next(3) == 0 ? RawTask : DaemonTask,
                RunId = RunId,
                IdempotencyKey = key,
                MaxAttempts = 20,
                BackoffSeconds = [1],
            };
            EnqueuedExecution? enqueued = null;
            // The same key until an answer comes: a lost answer never makes a second execution.
            while (enqueued is null && !stop.IsCancellationRequested)
            {
                enqueued = await clients.CallAsync(c => c.EnqueueAsync(request, CancellationToken.None)!, Patience);
            }

            if (enqueued is not null)
            {
                history.Add(new HistoryEntry
                {
                    Op = HistoryOps.Enqueued,
                    At = DateTimeOffset.UtcNow,
                    Key = key,
                    Actor = actor,
                    ExecutionId = enqueued.Execution.Id,
                });
            }

            await Pause(random.Next(60, 140), stop);
        }
    }

    public async Task ClaimRawAsync(string actor, CancellationToken stop)
    {
        var random = new Random(HashCode.Combine(seed, actor));
        var request = new ClaimExecutionsRequest
        {
            WorkerId = actor,
            Task = RawTask,
            RunId = RunId,
            LeaseSeconds = LeaseSeconds,
            WaitSeconds = 1,
            Limit = 1,
        };
        while (!stop.IsCancellationRequested)
        {
            var claim = await clients.CallAsync(c => c.TryClaimAsync(request, CancellationToken.None), Patience);
            if (claim is null) continue;
            var id = claim.ExecutionId;
            history.Add(new HistoryEntry
            {
                Op = HistoryOps.Claimed,
                At = DateTimeOffset.UtcNow,
                Actor = actor,
                ExecutionId = id,
                ClaimToken = claim.ClaimToken,
                LeaseFrom = claim.LeaseExpiresAt.AddSeconds(-claim.LeaseSeconds),
                LeaseUntil = claim.LeaseExpiresAt,
            });

            var roll = random.NextDouble();
            if (roll < 0.15) await HeartbeatAsync(actor, id, claim.ClaimToken);
            // A stall past the lease: the claim is rescued and claimed again elsewhere; this report must then be refused.
            await Task.Delay(roll > 0.97 ? (LeaseSeconds + 2) * 1000 : random.Next(0, 200));
            await CompleteAsync(actor, id, claim.ClaimToken);
        }
    }

    private async Task HeartbeatAsync(string actor, Guid id, string token)
    {
        try
        {
            var extended = await clients.CallAsync(c => c.HeartbeatAsync(id, actor, token, ct: CancellationToken.None)!, Patience);
            if (extended is { Acknowledged: true })
            {
                history.Add(new HistoryEntry
                {
                    Op = HistoryOps.Extended,
                    At = DateTimeOffset.UtcNow,
                    Actor = actor,
                    ExecutionId = id,
                    ClaimToken = token,
                    LeaseUntil = extended.LeaseExtendedUntil,
                });
            }
        }
        catch (BatonApiException e) when (e.Status == HttpStatusCode.Conflict)
        {
            // The lease was lost meanwhile (rescued during an outage): the report below will be refused too.
        }
    }

    private async Task CompleteAsync(string actor, Guid id, string token)
    {
        var result = $"{actor}:{token}";
        try
        {
            var recorded = await clients.CallAsync(
                c => c.RecordOutcomeAsync(id, new RecordOutcomeRequest { Success = true, Result = result }, actor, token, CancellationToken.None)!,
                Patience);
            if (recorded is not null)
            {
                history.Add(new HistoryEntry
                {
                    Op = HistoryOps.Completed,
                    At = DateTimeOffset.UtcNow,
                    Actor = actor,
                    ExecutionId = id,
                    ClaimToken = token,
                    Result = result,
                });
            }
        }
        catch (BatonApiException e) when (e.Status == HttpStatusCode.Conflict)
        {
            // Refused: the lease ended and someone else holds or finished it. Not acknowledged, so not in the history.
        }
    }

    private static async Task Pause(int milliseconds, CancellationToken stop)
    {
        try
        {
            await Task.Delay(milliseconds, stop);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}

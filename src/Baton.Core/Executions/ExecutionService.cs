using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Baton.Core.Notifications;
using Baton.Core.Observability;
using Baton.Core.Storage;

namespace Baton.Core.Executions;

/// <summary>
/// The executions use cases: what endpoints, the CLI host and loops call. Storage does the compare-and-set;
/// this class fills defaults, waits on the notifier and reports each commit to the <see cref="ChangePublisher"/>.
/// </summary>
public sealed class ExecutionService(
    IExecutionStore store, ChangePublisher changes, Parking parking, ParkedClaims parkedClaims, BatonOptions options,
    TimeProvider time, BatonMetrics? metrics = null)
{
    public const string DefaultQueue = "default";

    /// <summary>
    /// Stores the new executions. When a claim parked on this node may want one, the enqueue claims for it in the
    /// same transaction and hands it what was claimed (<see cref="ParkedClaims"/>); parked claimers are woken only
    /// when new work is left unclaimed.
    /// </summary>
    public async Task<EnqueueResult> EnqueueAsync(
        string tenantId, IReadOnlyList<EnqueueRequest> requests, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = requests.Select(r => ToNewExecution(r, now)).ToList();
        var taken = parkedClaims.TakeFor(tenantId, rows, now);
        EnqueueResult result;
        try
        {
            using var op = metrics?.Store("enqueue");
            result = await store.EnqueueExecutionsAsync(
                new EnqueueExecutionsParams(tenantId, rows, now, taken is { } t ? ClaimParams(tenantId, t.Request, now) : null),
                ct);
        }
        catch
        {
            taken?.HandOff.Give([]); // the claimer looks for itself again
            throw;
        }

        taken?.HandOff.Give(result.HandedOff);
        changes.Publish(new CommittedChanges
        {
            Created = [.. result.Executions.Where((_, i) => !result.Existing[i])],
            Claimed = result.HandedOff,
        });
        return result;
    }

    public async Task<Execution> GetAsync(string tenantId, Guid id, CancellationToken ct) =>
        await store.GetExecutionAsync(new GetExecutionParams(tenantId, id), ct) ?? throw Errors.ExecutionNotFound();

    public Task<ExecutionPage> ListAsync(ListExecutionsParams p, CancellationToken ct) => store.ListExecutionsAsync(p, ct);

    public Task<IReadOnlyList<Execution>> ListClaimableAsync(
        string tenantId, ClaimFilter filter, int limit, CancellationToken ct) =>
        store.ListClaimableAsync(new ListClaimableParams(tenantId, filter, limit, time.GetUtcNow()), ct);

    /// <summary>
    /// Claims matching work, parking up to <see cref="ClaimRequest.WaitSeconds"/> on the notifier when there is
    /// none. Returns an empty list when nothing came in time or <paramref name="ct"/> ended the wait.
    /// </summary>
    public Task<IReadOnlyList<Execution>> ClaimAsync(string tenantId, ClaimRequest request, CancellationToken ct) =>
        parking.UntilAsync(
            Topics.Claimable(tenantId),
            async _ =>
            {
                using var op = metrics?.Store("claim");
                var claimed = await store.ClaimExecutionsAsync(
                    ClaimParams(tenantId, request, time.GetUtcNow()), CancellationToken.None);
                if (claimed.Count > 0) changes.Publish(new CommittedChanges { Claimed = claimed });
                return claimed;
            },
            claimed => claimed.Count > 0,
            TimeSpan.FromSeconds(request.WaitSeconds),
            ct,
            new WaitOptions<IReadOnlyList<Execution>>
            {
                LookAtDeadline = false,
                OpenHandOff = () => parkedClaims.Park(tenantId, request),
            });

    /// <summary>
    /// <see cref="ClaimAsync"/> for a caller who may leave while it waits. The wait ends when the caller leaves
    /// (<paramref name="callerGone"/>) or the server stops (<paramref name="serverStopping"/>: a parked claim never
    /// holds up a shutdown; it comes back empty and the worker asks again elsewhere). Returns null when the caller
    /// left: nobody is there to answer, and work claimed for it meanwhile (an enqueue's hand-off, or a look that
    /// finished as it went) goes back at once, its attempt returned, rather than waiting out the lease.
    /// </summary>
    public async Task<IReadOnlyList<Execution>?> ClaimForCallerAsync(
        string tenantId, ClaimRequest request, CancellationToken callerGone, CancellationToken serverStopping)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(callerGone, serverStopping);
        IReadOnlyList<Execution> claimed;
        try
        {
            claimed = await ClaimAsync(tenantId, request, wait.Token);
        }
        catch (OperationCanceledException) when (serverStopping.IsCancellationRequested)
        {
            claimed = [];
        }

        if (!callerGone.IsCancellationRequested) return claimed;
        foreach (var e in claimed)
        {
            try
            {
                var release = new ReleaseExecutionParams(tenantId, e.Id, request.WorkerId, e.ClaimToken);
                await ReleaseAsync(release, CancellationToken.None);
            }
            catch (BatonException)
            {
                // Changed meanwhile (cancelled, say): there is no claim left to give back.
            }
        }

        return null;
    }

    private static ClaimExecutionsParams ClaimParams(string tenantId, ClaimRequest request, DateTimeOffset now) =>
        new(tenantId, request.WorkerId, request.Filter, request.LeaseSeconds ?? BatonOptions.DefaultLeaseSeconds,
            request.Limit, Now: now);

    public async Task<Execution> ClaimByIdAsync(
        string tenantId, Guid id, string workerId, int? leaseSeconds, CancellationToken ct)
    {
        var claimed = await store.ClaimExecutionsAsync(
            new ClaimExecutionsParams(tenantId, workerId, ClaimFilter.Any,
                leaseSeconds ?? BatonOptions.DefaultLeaseSeconds, 1, id, time.GetUtcNow()), ct);
        if (claimed.Count == 1)
        {
            changes.Publish(new CommittedChanges { Claimed = claimed });
            return claimed[0];
        }

        _ = await GetAsync(tenantId, id, ct); // 404 for an unknown id, else it was simply not claimable
        throw Errors.ClaimFailed();
    }

    public Task<Execution> HeartbeatAsync(HeartbeatExecutionParams p, CancellationToken ct) =>
        store.HeartbeatExecutionAsync(p with { Now = p.Now ?? time.GetUtcNow() }, ct);

    /// <summary>
    /// Records outcomes through the batch completer (<see cref="OutcomeCompleter"/>): single reports arriving on
    /// many requests at once share one store call; a batch is its own. The answer comes only after the commit.
    /// </summary>
    public Task<IReadOnlyList<OutcomeResult>> RecordOutcomesAsync(
        string tenantId, IReadOnlyList<OutcomeReport> reports, CancellationToken ct) =>
        _outcomes.RecordAsync(tenantId, reports, ct);

    private readonly OutcomeCompleter _outcomes = new(async (tenantId, reports) =>
    {
        using var op = metrics?.Store("outcome");
        var results = await store.RecordOutcomesAsync(
            new RecordOutcomesParams(tenantId, reports, options.StrictOwnership, time.GetUtcNow()), CancellationToken.None);
        changes.Publish(new CommittedChanges
        {
            Changed = [.. results.Where(r => r.Execution is not null).Select(r => r.Execution!)],
            ChangedBy = ChangeCause.Outcome,
        });
        return results;
    });

    public async Task<Execution> ReleaseAsync(ReleaseExecutionParams p, CancellationToken ct)
    {
        if (options.StrictOwnership && p.WorkerId is null && p.ClaimToken is null) throw Errors.NotOwner();
        var released = await store.ReleaseExecutionAsync(p with { Now = p.Now ?? time.GetUtcNow() }, ct);
        changes.Publish(new CommittedChanges { Changed = [released], ChangedBy = ChangeCause.Release });
        return released;
    }

    public async Task<Execution> CancelAsync(CancelExecutionParams p, CancellationToken ct)
    {
        var cancelled = await store.CancelExecutionAsync(p with { Now = p.Now ?? time.GetUtcNow() }, ct);
        changes.Publish(new CommittedChanges { Changed = [cancelled], ChangedBy = ChangeCause.Cancel });
        return cancelled;
    }

    /// <summary>A finished execution runs again as a new execution with the same template.</summary>
    public async Task<Execution> ReplayAsync(string tenantId, Guid id, CancellationToken ct)
    {
        var original = await GetAsync(tenantId, id, ct);
        if (!original.Status.IsTerminal()) throw Errors.InFlight();
        var now = time.GetUtcNow();
        var copy = new NewExecution
        {
            Id = Ids.NewExecutionId(time),
            CueId = original.CueId,
            Title = original.Title,
            Queue = original.Queue,
            Task = original.Task,
            Agent = original.Agent,
            Priority = original.Priority,
            RunId = original.RunId,
            Tags = original.Tags,
            PayloadJson = original.PayloadJson,
            ScheduledFor = now,
            MaxAttempts = original.MaxAttempts,
            BackoffSeconds = original.BackoffSeconds,
            TriggeredBy = TriggeredBy.Replay,
            ReplayedFrom = original.Id,
            Transport = original.Transport,
            VerificationMode = original.VerificationMode,
        };
        var result = await store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(tenantId, [copy], now), ct);
        changes.Publish(new CommittedChanges { Created = result.Executions });
        return result.Executions[0];
    }

    private NewExecution ToNewExecution(EnqueueRequest r, DateTimeOffset now)
    {
        var payload = r.PayloadJson ?? "{}";
        var scheduledFor = r.SendAt is { } at && at > now ? at : now;
        var (traceParent, traceState) = TraceContext.OfCurrentWork();
        return new NewExecution
        {
            Id = Ids.NewExecutionId(time),
            Title = r.Title,
            Queue = r.Queue ?? DefaultQueue,
            Task = r.Task ?? PayloadString(payload, "task"),
            Agent = r.Agent ?? PayloadString(payload, "agent"),
            Priority = r.Priority,
            RunId = r.RunId,
            Tags = r.Tags,
            PayloadJson = payload,
            ScheduledFor = scheduledFor,
            ExpiresAt = r.TtlSeconds is { } ttl ? scheduledFor.AddSeconds(ttl) : null,
            MaxAttempts = r.MaxAttempts ?? RetryPolicy.DefaultMaxAttempts,
            BackoffSeconds = r.BackoffSeconds ?? RetryPolicy.DefaultBackoffSeconds,
            IdempotencyKey = r.IdempotencyKey,
            RequestHash = r.IdempotencyKey is null ? null : RequestHash(r),
            TriggeredBy = TriggeredBy.Api,
            TraceParent = traceParent,
            TraceState = traceState,
        };
    }

    /// <summary>CueAPI routes on <c>payload.task</c>; an explicit field wins, the payload fills in.</summary>
    private static string? PayloadString(string payloadJson, string name)
    {
        using var doc = JsonDocument.Parse(payloadJson);
        return doc.RootElement.ValueKind == JsonValueKind.Object &&
               doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
    }

    /// <summary>A fingerprint of everything the request asked for, so a reused key with a new body is caught.</summary>
    private static string RequestHash(EnqueueRequest r)
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            r.Title, r.Queue, r.Task, r.Agent, r.PayloadJson, r.Priority, r.RunId, r.Tags, r.SendAt, r.TtlSeconds,
            r.MaxAttempts, r.BackoffSeconds,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

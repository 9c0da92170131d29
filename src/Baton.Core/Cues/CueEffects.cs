using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Maintenance;
using Baton.Core.Notifications;
using Baton.Core.Observability;
using Baton.Core.Storage;
using Baton.Core.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Core.Cues;

/// <summary>
/// Applies what the end of an execution does to its cue — <c>once</c> cues finishing, <c>on_failure</c> pause and
/// webhook, <c>cue.failed</c>, <c>on_success_fire</c> chaining, alerts — by following the event log from a durable
/// cursor, on the leader only (a lone SQLite node is the leader). The outcome path stays as it is: it writes its
/// event, and this loop acts on it afterwards (docs/architecture.md, "Cue effects").
/// <para>
/// At least once, idempotent: a crash between an effect and the cursor write re-reads events. The store's effects
/// are guarded by a marker per event (written in the same transaction), a chain fire by an idempotency key derived
/// from the source execution, and the failure webhook is sent only by the call that wrote the marker, so a re-read
/// doubles nothing (the webhook is at most once: a crash between the marker and the send loses that notice).
/// </para>
/// </summary>
public sealed class CueEffects(
    IBatonStore store, INotifier notifier, ChangePublisher changes, CueService cues, BatonOptions options,
    TimeProvider time, ILogger<CueEffects> log, LeaderElection? leader = null, IWebhookSender? webhooks = null,
    BatonMetrics? metrics = null)
    : BackgroundService
{
    /// <summary>Events read per store call; a pass keeps reading while full pages come back.</summary>
    public const int BatchSize = 200;

    /// <summary>Finished executions of a cue read to judge consecutive failures.</summary>
    private const int RecentFinishedToRead = 10;

    /// <summary>
    /// A pause between passes, so a busy log is read in pages of many events rather than one query per wake-up
    /// (cue effects are not latency-critical; outcomes are).
    /// </summary>
    private static readonly TimeSpan MinPassInterval = TimeSpan.FromMilliseconds(100);

    private static readonly ExecutionStatus[] Finished =
        [ExecutionStatus.Success, ExecutionStatus.Failed, ExecutionStatus.Missed];

    /// <summary>
    /// One pass: applies the effects of every event past the cursor and moves the cursor after each page. Tests
    /// drive this directly. Does nothing off the leader.
    /// </summary>
    public async Task<CueEffectsPass> RunOnceAsync(CancellationToken ct)
    {
        if (leader is not null && !leader.IsLeader) return new CueEffectsPass(0, 0);
        var cursor = await store.GetCueEffectsCursorAsync(ct);
        var (read, applied) = (0, 0);
        while (true)
        {
            var page = await store.ReadEventsAsync(new ReadEventsParams(null, cursor, EventFilter.All, BatchSize), ct);
            foreach (var e in page.Events)
            {
                if (await ApplyAsync(e, ct)) applied++;
            }

            read += page.Events.Count;
            if (page.Events.Count == 0) return new CueEffectsPass(read, applied);
            if (!await store.SaveCueEffectsCursorAsync(new SaveCueEffectsCursorParams(cursor, page.NextCursor, time.GetUtcNow()), ct))
            {
                // Another node (a leader a renewal ahead of us) moved it: it is doing this work. Effects are
                // idempotent, so what we applied meanwhile doubled nothing.
                return new CueEffectsPass(read, applied);
            }

            cursor = page.NextCursor;
            if (page.Events.Count < BatchSize) return new CueEffectsPass(read, applied);
        }
    }

    /// <summary>Applies one event's effects; true when it changed something (or sent something).</summary>
    private async Task<bool> ApplyAsync(BatonEvent e, CancellationToken ct)
    {
        metrics?.CueEffectsRead(time.GetUtcNow() - e.At);
        if (!CueEffectRules.MayAct(e)) return false;
        var cue = e.CueId is null ? null : await store.GetCueAsync(new GetCueParams(e.TenantId, e.CueId), ct);
        var execution = e.ExecutionId is { } id && cue is not null
            ? await store.GetExecutionAsync(new GetExecutionParams(e.TenantId, id), ct)
            : null;
        IReadOnlyList<Execution> recent = [];
        if (cue is not null && CueEffectRules.IsFinalFailure(e))
        {
            recent = (await store.ListExecutionsAsync(
                new ListExecutionsParams(e.TenantId) { CueId = cue.Id, Statuses = Finished, Limit = RecentFinishedToRead },
                ct)).Items;
        }

        var plan = CueEffectRules.Decide(e, cue, execution, recent);
        if (plan.IsEmpty) return false;

        // The chain first, with its own idempotency: if we crash before the marker below, the re-read fires again
        // and gets the same execution back.
        if (plan.ChainToCueId is { } target && e.ExecutionId is { } source) await FireChainAsync(e, target, source, ct);

        var result = await store.ApplyCueEffectsAsync(
            new ApplyCueEffectsParams(e.TenantId, e.Id, e.ExecutionId, e.CueId, plan, time.GetUtcNow()) { Execution = execution },
            ct);
        if (!result.Applied) return false;
        if (plan.CueStatus is not null || plan.CueFailedEvent) changes.Publish(new CommittedChanges { TenantsWithNewEvents = [e.TenantId] });
        if (plan.FailureNotice is { } notice) await SendFailureNoticeAsync(e, notice, ct);
        return true;
    }

    private async Task FireChainAsync(BatonEvent e, string targetCueId, Guid sourceExecutionId, CancellationToken ct)
    {
        var target = await store.GetCueAsync(new GetCueParams(e.TenantId, targetCueId), ct);
        if (target is null || target.Status != CueStatuses.Active)
        {
            // A deleted, paused or finished target is not fired: pausing a cue means it should not run.
            log.LogWarning("on_success_fire of cue {Cue}: target {Target} is {State}; not fired",
                e.CueId, targetCueId, target?.Status ?? "deleted");
            return;
        }

        try
        {
            await cues.FireChainAsync(e.TenantId, targetCueId, sourceExecutionId, ct);
        }
        catch (BatonException ex)
        {
            // The target refuses a fire without a payload override, or lacks required keys: nothing to retry.
            log.LogWarning("on_success_fire of cue {Cue} into {Target} refused: {Code} {Message}",
                e.CueId, targetCueId, ex.Code, ex.Message);
        }
    }

    private async Task SendFailureNoticeAsync(BatonEvent e, CueFailureNotice notice, CancellationToken ct)
    {
        if (webhooks is null)
        {
            log.LogWarning("Cue {Cue} failed and has on_failure.webhook, but this server has no webhook sender; not sent", e.CueId);
            return;
        }

        var headers = new Dictionary<string, string> { ["X-CueAPI-Cue-Id"] = e.CueId ?? "" };
        if (e.ExecutionId is { } id) headers["X-CueAPI-Execution-Id"] = id.ToString("D");
        var sent = await webhooks.SendAsync(
            new WebhookMessage { TenantId = e.TenantId, Url = notice.Url, DeliveryHeaders = headers, Body = notice.Body }, ct);
        if (!sent.Success)
        {
            log.LogWarning("on_failure.webhook of cue {Cue} was not accepted: {Status} {Error}",
                e.CueId, sent.HttpStatus, sent.Error);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Watch before reading, so an event committed between the read and the wait still wakes us.
                var signal = notifier.Watch(Topics.AllEvents);
                var nap = options.WakeupSafetyInterval;
                try
                {
                    using var span = BatonTelemetry.Source.StartActivity("cue effects pass");
                    await RunOnceAsync(stoppingToken);
                    if (leader is not null && !leader.IsLeader && options.LeaderLeaseTtl / 3 < nap) nap = options.LeaderLeaseTtl / 3;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A passing database error must not end the loop; the cursor did not move, the events wait.
                    log.LogWarning(ex, "Cue effects pass failed; retrying");
                    nap = TimeSpan.FromSeconds(1);
                }

                await Task.Delay(MinPassInterval, time, stoppingToken);
                try
                {
                    await signal.WaitAsync(nap, time, stoppingToken);
                }
                catch (TimeoutException)
                {
                    // The safety re-read: a wake-up from another node may have been lost.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Core;
using Baton.Core.Executions;
using Baton.Core.Notifications;
using Baton.Core.Observability;
using Baton.Core.Storage;
using Baton.Core.Webhooks;

namespace Baton.Server.Webhooks;

/// <summary>
/// The webhook transport as a built-in worker, on every node. It claims due webhook executions of
/// every tenant through the store's claim (a compare-and-set, SKIP LOCKED on PostgreSQL: several nodes never
/// deliver one execution twice per attempt), POSTs each with at most <see cref="WebhookSettings.Concurrency"/> in
/// flight, and records the answer through the normal outcome path, so retries, backoff, events and the
/// end-of-execution effects are the same as for a worker. With nothing due it parks on
/// <see cref="Topics.Webhooks"/> (woken by fires, the scheduler, replays, releases and the maintenance loop's
/// due check), looking again every <see cref="BatonOptions.WakeupSafetyInterval"/> in case a wake-up was lost.
/// </summary>
internal sealed class WebhookDispatcher(
    IBatonStore store,
    ExecutionService executions,
    IWebhookSender sender,
    INotifier notifier,
    ChangePublisher changes,
    WebhookSettings settings,
    BatonOptions options,
    TimeProvider time,
    ILogger<WebhookDispatcher> log,
    BatonMetrics? metrics = null)
    : BackgroundService
{
    /// <summary>The claimer name on this node's deliveries (<c>claimed_by_worker</c>).</summary>
    public string WorkerId { get; } = "webhook-dispatcher@" + options.NodeId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Sends are not cut by the stop signal itself: on shutdown they get a grace period to finish first.
        using var sends = new CancellationTokenSource();
        using var slots = new SemaphoreSlim(settings.Concurrency, settings.Concurrency);
        var inFlight = new ConcurrentDictionary<Guid, Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Claim only as many as there are free slots, so nothing claimed waits unsent behind a slow receiver.
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < settings.Concurrency && slots.Wait(0)) free++;

                // Watch before claiming, so a webhook execution made while we look still wakes us.
                var signal = notifier.Watch(Topics.Webhooks);
                IReadOnlyList<Execution> claimed;
                try
                {
                    claimed = await store.ClaimWebhookExecutionsAsync(
                        new ClaimWebhookExecutionsParams(WorkerId, settings.LeaseSeconds, free, time.GetUtcNow()),
                        CancellationToken.None);
                }
                catch (Exception ex)
                {
                    // A passing database error must not end deliveries; look again after the safety interval.
                    log.LogWarning(ex, "Webhook dispatcher could not claim; retrying");
                    slots.Release(free);
                    await NapAsync(signal, stoppingToken);
                    continue;
                }

                if (claimed.Count < free) slots.Release(free - claimed.Count);
                if (claimed.Count > 0) changes.Publish(new CommittedChanges { Claimed = claimed });
                foreach (var e in claimed)
                {
                    inFlight[e.Id] = Task.Run(async () =>
                    {
                        try
                        {
                            await DeliverAsync(e, sends.Token);
                        }
                        finally
                        {
                            slots.Release();
                            inFlight.TryRemove(e.Id, out _);
                        }
                    }, CancellationToken.None);
                }

                if (claimed.Count == 0) await NapAsync(signal, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: claim nothing more.
        }

        // Let sends in flight finish, within the grace period (wall-clock: it bounds how long a stop takes); then
        // cut them short, and each hands its execution back unused.
        var all = Task.WhenAll(inFlight.Values);
        if (await Task.WhenAny(all, Task.Delay(settings.ShutdownGrace, CancellationToken.None)) != all)
        {
            await sends.CancelAsync();
        }

        await all;
    }

    private async Task NapAsync(Task signal, CancellationToken ct)
    {
        try
        {
            await signal.WaitAsync(options.WakeupSafetyInterval, time, ct);
        }
        catch (TimeoutException)
        {
            // The safety re-check: look again.
        }
    }

    /// <summary>Sends one claimed execution and records how it went; never throws.</summary>
    private async Task DeliverAsync(Execution e, CancellationToken ct)
    {
        // The delivery joins the execution's trace (its enqueuer's or its cue fire's), whichever loop sends it.
        using var span = BatonTelemetry.Source.StartActivity(
            "webhook delivery", ActivityKind.Client, TraceContext.Parse(e.TraceParent, e.TraceState) ?? default);
        using var scope = log.BeginScope(new KeyValuePair<string, object>[] { new("TenantId", e.TenantId), new("ExecutionId", e.Id) });
        try
        {
            var report = await SendAsync(e, ct);
            var result = (await executions.RecordOutcomesAsync(e.TenantId, [report], CancellationToken.None))[0];
            if (result.Error is { } refused)
            {
                // E.g. cancelled while in flight: the execution moved on without us, which is fine.
                log.LogDebug("Webhook outcome for {ExecutionId} not recorded: {Code}", e.Id, refused.Code);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            try
            {
                await executions.ReleaseAsync(
                    new ReleaseExecutionParams(e.TenantId, e.Id, WorkerId, e.ClaimToken), CancellationToken.None);
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Could not release webhook execution {ExecutionId} at shutdown; its lease will expire", e.Id);
            }
        }
        catch (Exception ex)
        {
            // The lease runs out and the maintenance loop retries the delivery (the attempt counts).
            log.LogWarning(ex, "Webhook delivery of {ExecutionId} failed unexpectedly", e.Id);
        }
    }

    private async Task<OutcomeReport> SendAsync(Execution e, CancellationToken ct)
    {
        var report = new OutcomeReport
        {
            ExecutionId = e.Id,
            WorkerId = WorkerId,
            ClaimToken = e.ClaimToken,
            Success = false,
        };
        var cue = e.CueId is null ? null : await store.GetCueAsync(new GetCueParams(e.TenantId, e.CueId), ct);
        if (cue?.Definition.Callback is not { Url.Length: > 0 } callback)
        {
            var why = cue is null ? "its cue no longer exists" : "its cue has no callback URL";
            return report with { Error = "not delivered: " + why, Retryable = false };
        }

        var scheduledFor = Iso(e.ScheduledFor);
        var attempt = e.Attempts.ToString(CultureInfo.InvariantCulture);
        var message = new WebhookMessage
        {
            TenantId = e.TenantId,
            Url = callback.Url,
            Method = callback.Method,
            Headers = callback.Headers,
            DeliveryHeaders = new Dictionary<string, string>
            {
                [WebhookHeaders.CueId] = cue.Id,
                [WebhookHeaders.ExecutionId] = e.Id.ToString("D"),
                [WebhookHeaders.ScheduledFor] = scheduledFor,
                [WebhookHeaders.Attempt] = attempt,
            },
            Trace = TraceContext.ForOutgoing(e.TraceParent, e.TraceState),
            Body = new JsonObject
            {
                ["attempt"] = e.Attempts,
                ["cue_id"] = cue.Id,
                ["execution_id"] = e.Id.ToString("D"),
                ["name"] = cue.Name,
                ["payload"] = JsonNode.Parse(e.PayloadJson),
                ["scheduled_for"] = scheduledFor,
            },
        };

        var sent = await sender.SendAsync(message, ct);
        metrics?.WebhookDelivered(sent.Success ? "success" : sent.Refused ? "refused" : sent.HttpStatus is null ? "error" : "failure",
            sent.HttpStatus);
        if (sent.Success) return report with { Success = true, Result = sent.ResponseBody, HttpStatus = sent.HttpStatus };
        var error = sent.HttpStatus is { } status
            ? string.IsNullOrEmpty(sent.ResponseBody) ? $"HTTP {status} with an empty body" : sent.ResponseBody
            : sent.Error;
        return report with { Error = error, HttpStatus = sent.HttpStatus, Retryable = !sent.Refused };
    }

    /// <summary>The API's time format (ISO-8601 UTC with Z), so the body and header match the execution's JSON.</summary>
    private static string Iso(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}

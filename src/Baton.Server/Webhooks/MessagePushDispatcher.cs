using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Contracts.Serialization;
using Baton.Core;
using Baton.Core.Notifications;
using Baton.Core.Storage;
using Baton.Core.Webhooks;
using Baton.Server.Mapping;

namespace Baton.Server.Webhooks;

/// <summary>
/// Pushes each message to its recipient's <c>webhook_url</c>, on every node: claims due pushes (leased, SKIP LOCKED
/// on PostgreSQL, so two nodes never send one at once), sends them through the cue webhooks' own
/// <see cref="IWebhookSender"/> (same SSRF guard at connect time, same signature headers, signed with the agent's
/// secret), and records the answer: sent, due again after <see cref="WebhookSettings.MessagePushBackoff"/>, or failed
/// for good (a refused address at once). Parks on <see cref="Topics.MessagePushes"/> when nothing is due.
/// </summary>
internal sealed class MessagePushDispatcher(
    IMessageStore store,
    IWebhookSender sender,
    INotifier notifier,
    WebhookSettings settings,
    BatonOptions options,
    TimeProvider time,
    ILogger<MessagePushDispatcher> log)
    : BackgroundService
{
    public const string MessageIdHeader = "X-CueAPI-Message-Id";
    public const string EventType = "message.delivered";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var signal = notifier.Watch(Topics.MessagePushes);
                IReadOnlyList<MessagePush> due;
                try
                {
                    due = await store.ClaimMessagePushesAsync(
                        new ClaimMessagePushesParams(settings.Concurrency, settings.LeaseSeconds, time.GetUtcNow()), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Message push dispatcher could not claim; retrying");
                    due = [];
                }

                if (due.Count > 0)
                {
                    await Task.WhenAll(due.Select(p => DeliverAsync(p, stoppingToken)));
                    continue;
                }

                try
                {
                    // A retry comes due without a wake-up, so the nap is never longer than the first backoff step.
                    var nap = settings.MessagePushBackoff.Count > 0 && settings.MessagePushBackoff[0] < options.WakeupSafetyInterval
                        ? settings.MessagePushBackoff[0]
                        : options.WakeupSafetyInterval;
                    await signal.WaitAsync(nap, time, stoppingToken);
                }
                catch (TimeoutException)
                {
                    // Look again.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; a push in flight keeps its lease and is retried when it ends.
        }
    }

    private async Task DeliverAsync(MessagePush push, CancellationToken ct)
    {
        var m = push.Message;
        var body = JsonSerializer.SerializeToNode(m.ToResponse(), BatonJson.Default.MessageResponse)!.AsObject();
        var message = new WebhookMessage
        {
            TenantId = m.TenantId,
            Url = push.WebhookUrl,
            Secret = push.WebhookSecret,
            DeliveryHeaders = new Dictionary<string, string>
            {
                [MessageIdHeader] = m.Id,
                [WebhookHeaders.Attempt] = push.Attempt.ToString(CultureInfo.InvariantCulture),
            },
            Body = new JsonObject { ["event_type"] = EventType, ["message"] = body },
        };

        RecordMessagePushParams record;
        try
        {
            var sent = await sender.SendAsync(message, ct);
            var error = sent.Success ? null : sent.HttpStatus is { } status ? $"HTTP {status}" : sent.Error;
            var retryAt = sent.Success || sent.Refused || push.Attempt > settings.MessagePushBackoff.Count
                ? (DateTimeOffset?)null
                : time.GetUtcNow() + settings.MessagePushBackoff[push.Attempt - 1];
            record = new RecordMessagePushParams(m.Id, sent.Success, retryAt, error, time.GetUtcNow());
        }
        catch (OperationCanceledException)
        {
            return; // stopping: the lease runs out and the push is tried again
        }

        try
        {
            await store.RecordMessagePushAsync(record, CancellationToken.None);
            if (record.Sent) notifier.Notify(Topics.Inbox(m.ToAgentId));
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Could not record the push of message {MessageId}; it is retried when its lease ends", m.Id);
        }
    }
}

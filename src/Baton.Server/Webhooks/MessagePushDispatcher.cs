using System.Globalization;
using System.Text;
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
/// Pushes each message to its recipient's <c>webhook_url</c>, and each event of a webhook subscription to the
/// subscription's URL (or the agent's), on every node: claims due pushes (leased, SKIP LOCKED on PostgreSQL, so two
/// nodes never send one at once), sends them through the cue webhooks' own <see cref="IWebhookSender"/> (same SSRF
/// guard at connect time, same signature headers, signed with the agent's or the subscription's secret), and records
/// the answer: sent, due again after <see cref="WebhookSettings.MessagePushBackoff"/>, or failed for good (a refused
/// address at once). Parks on <see cref="Topics.MessagePushes"/> when nothing is due.
/// </summary>
internal sealed class MessagePushDispatcher(
    IMessageStore store,
    IAgentEventStore events,
    IWebhookSender sender,
    INotifier notifier,
    WebhookSettings settings,
    BatonOptions options,
    TimeProvider time,
    ILogger<MessagePushDispatcher> log)
    : BackgroundService
{
    public const string MessageIdHeader = "X-CueAPI-Message-Id";
    public const string EventIdHeader = "X-CueAPI-Event-Id";
    public const string SubscriptionIdHeader = "X-CueAPI-Subscription-Id";
    public const string EventType = "message.delivered";

    /// <summary>An inline body larger than this many UTF-8 bytes is left out of a pushed event (CueAPI's limit).</summary>
    public const int InlineBodyLimitBytes = 32 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var signal = notifier.Watch(Topics.MessagePushes);
                var messages = await ClaimAsync(
                    () => store.ClaimMessagePushesAsync(
                        new ClaimMessagePushesParams(settings.Concurrency, settings.LeaseSeconds, time.GetUtcNow()), stoppingToken));
                var room = settings.Concurrency - messages.Count;
                var pushes = room <= 0
                    ? []
                    : await ClaimAsync(() => events.ClaimEventPushesAsync(
                        new ClaimMessagePushesParams(room, settings.LeaseSeconds, time.GetUtcNow()), stoppingToken));

                if (messages.Count + pushes.Count > 0)
                {
                    await Task.WhenAll([
                        .. messages.Select(p => DeliverAsync(p, stoppingToken)),
                        .. pushes.Select(p => DeliverAsync(p, stoppingToken)),
                    ]);
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

    private async Task<IReadOnlyList<T>> ClaimAsync<T>(Func<Task<IReadOnlyList<T>>> claim)
    {
        try
        {
            return await claim();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "Message push dispatcher could not claim; retrying");
            return [];
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

        if (await SendAsync(message, push.Attempt, ct) is not { } outcome) return;
        await RecordAsync($"message {m.Id}", async () =>
        {
            await store.RecordMessagePushAsync(
                new RecordMessagePushParams(m.Id, outcome.Sent, outcome.RetryAt, outcome.Error, time.GetUtcNow()), CancellationToken.None);
            if (outcome.Sent) notifier.Notify(Topics.Inbox(m.ToAgentId));
        });
    }

    /// <summary>
    /// An event to its webhook subscription: <c>{event_type, subscription_id, event}</c>, the event as the feed shows
    /// it; with inline_body a message.delivered payload also carries the body (or, past
    /// <see cref="InlineBodyLimitBytes"/>, <c>body_omitted</c> and <c>body_size_bytes</c>).
    /// </summary>
    private async Task DeliverAsync(EventPush push, CancellationToken ct)
    {
        var e = push.Event;
        var shown = e.ToResponse() with { PushState = null, PushError = null };
        var json = JsonSerializer.SerializeToNode(shown, BatonJson.Default.AgentEventResponse)!.AsObject();
        if (push.Body is { } inline && json["payload"] is JsonObject payload)
        {
            var size = Encoding.UTF8.GetByteCount(inline);
            if (size <= InlineBodyLimitBytes)
            {
                payload["body"] = inline;
            }
            else
            {
                payload["body_omitted"] = "size_too_large";
                payload["body_size_bytes"] = size;
            }
        }

        var headers = new Dictionary<string, string>
        {
            [EventIdHeader] = e.Id.ToString(CultureInfo.InvariantCulture),
            [SubscriptionIdHeader] = push.SubscriptionId,
            [WebhookHeaders.Attempt] = push.Attempt.ToString(CultureInfo.InvariantCulture),
        };
        if (e.MessageId is { } messageId) headers[MessageIdHeader] = messageId;
        var message = new WebhookMessage
        {
            TenantId = e.TenantId,
            Url = push.WebhookUrl,
            Secret = push.WebhookSecret,
            DeliveryHeaders = headers,
            Body = new JsonObject { ["event_type"] = e.EventType, ["subscription_id"] = push.SubscriptionId, ["event"] = json },
        };

        if (await SendAsync(message, push.Attempt, ct) is not { } outcome) return;
        await RecordAsync($"event {e.Id} of agent {e.AgentId}", () => events.RecordEventPushAsync(
            new RecordEventPushParams(e.AgentId, e.Id, outcome.Sent, outcome.RetryAt, outcome.Error, time.GetUtcNow()), CancellationToken.None));
    }

    private readonly record struct Outcome(bool Sent, DateTimeOffset? RetryAt, string? Error);

    /// <summary>Sends one attempt; null when stopping (the lease runs out and the push is tried again).</summary>
    private async Task<Outcome?> SendAsync(WebhookMessage message, int attempt, CancellationToken ct)
    {
        try
        {
            var sent = await sender.SendAsync(message, ct);
            var error = sent.Success ? null : sent.HttpStatus is { } status ? $"HTTP {status}" : sent.Error;
            var retryAt = sent.Success || sent.Refused || attempt > settings.MessagePushBackoff.Count
                ? (DateTimeOffset?)null
                : time.GetUtcNow() + settings.MessagePushBackoff[attempt - 1];
            return new Outcome(sent.Success, retryAt, error);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task RecordAsync(string what, Func<Task> record)
    {
        try
        {
            await record();
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Could not record the push of {Push}; it is retried when its lease ends", what);
        }
    }
}

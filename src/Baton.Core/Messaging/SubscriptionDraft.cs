namespace Baton.Core.Messaging;

/// <summary>
/// A checked subscription request. <see cref="WebhookUrl"/>: a webhook subscription's own target (already
/// SSRF-checked); <see cref="InlineBody"/>: pushed message.delivered events carry the message body.
/// </summary>
public sealed record SubscriptionDraft(string EventType, string DeliveryTarget, string? WebhookUrl = null, bool InlineBody = false);

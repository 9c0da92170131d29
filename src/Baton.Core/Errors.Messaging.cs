using Baton.Contracts.Errors;

namespace Baton.Core;

// Agents and messages (docs/messaging.md).
public static partial class Errors
{
    public static BatonException AgentNotFound() =>
        new(ErrorKind.NotFound, ErrorCodes.AgentNotFound, "Agent not found.");

    public static BatonException AgentSlugTaken(string slug) =>
        new(ErrorKind.Conflict, ErrorCodes.AgentSlugTaken, $"Another agent of this account already has the slug '{slug}'.");

    public static BatonException MessageNotFound() =>
        new(ErrorKind.NotFound, ErrorCodes.MessageNotFound, "Message not found.");

    public static BatonException SenderRequired() =>
        new(ErrorKind.BadRequest, ErrorCodes.FromAgentRequired,
            "Name the sending agent in the X-Cueapi-From-Agent header (an agent of this account).");

    public static BatonException InvalidStateTransition(string from, string to) =>
        new(ErrorKind.Conflict, ErrorCodes.InvalidStateTransition, $"A message that is {from} cannot become {to}.");

    public static BatonException NoWebhookSecret() =>
        new(ErrorKind.NotFound, ErrorCodes.WebhookSecretNotFound, "The agent has no webhook URL, so it has no webhook secret.");

    // Subscriptions, agent events, and messages that name an execution.
    public static BatonException SubscriptionNotFound() =>
        new(ErrorKind.NotFound, ErrorCodes.SubscriptionNotFound, "Subscription not found.");

    public static BatonException SubscriptionExists(string eventType) =>
        new(ErrorKind.Conflict, ErrorCodes.SubscriptionExists, $"The agent already has a subscription to {eventType}.");

    public static BatonException AckWatermarkAhead(long watermark, long last) =>
        new(ErrorKind.Validation, ErrorCodes.AckWatermarkAhead,
            $"ack_watermark {watermark} is past the agent's newest event ({last}).");

    public static BatonException MessageExecutionNotFound() =>
        new(ErrorKind.Validation, ErrorCodes.InvalidExecutionId, "execution_id names no execution of this account.");

    public static BatonException WebhookTargetNeedsUrl() =>
        new(ErrorKind.Validation, ErrorCodes.WebhookUrlRequired,
            "delivery_target webhook needs a webhook_url: give the subscription one, set the agent's, or subscribe with pull.");
}

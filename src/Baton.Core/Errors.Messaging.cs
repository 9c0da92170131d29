using Baton.Contracts.Errors;

namespace Baton.Core;

// Agents and messages (DESIGN §12).
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
}

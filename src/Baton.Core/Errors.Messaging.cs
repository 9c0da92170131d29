namespace Baton.Core;

// Agents and messages (DESIGN §12).
public static partial class Errors
{
    public static BatonException AgentNotFound() =>
        new(ErrorKind.NotFound, "agent_not_found", "Agent not found.");

    public static BatonException AgentSlugTaken(string slug) =>
        new(ErrorKind.Conflict, "agent_slug_taken", $"Another agent of this account already has the slug '{slug}'.");

    public static BatonException MessageNotFound() =>
        new(ErrorKind.NotFound, "message_not_found", "Message not found.");

    public static BatonException SenderRequired() =>
        new(ErrorKind.BadRequest, "from_agent_required",
            "Name the sending agent in the X-Cueapi-From-Agent header (an agent of this account).");

    public static BatonException InvalidStateTransition(string from, string to) =>
        new(ErrorKind.Conflict, "invalid_state_transition", $"A message that is {from} cannot become {to}.");

    public static BatonException NoWebhookSecret() =>
        new(ErrorKind.NotFound, "webhook_secret_not_found", "The agent has no webhook URL, so it has no webhook secret.");
}

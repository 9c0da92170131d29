namespace Baton.Core.Messaging;

/// <summary>
/// What an agent can subscribe to. <see cref="Delivered"/>: one event per message that enters the agent's inbox.
/// <see cref="Digest"/>: one event when messages enter an inbox that held no unread message, naming them all; an
/// agent that reads its inbox after each digest is woken once per batch, not once per message.
/// </summary>
public static class AgentEventTypes
{
    public const string Delivered = "message.delivered";
    public const string Digest = "message.digest";

    public static readonly IReadOnlyList<string> All = [Delivered, Digest];
}

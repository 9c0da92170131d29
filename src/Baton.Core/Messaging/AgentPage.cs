namespace Baton.Core.Messaging;

public sealed record AgentPage(IReadOnlyList<Agent> Items, long Total);

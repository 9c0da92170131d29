namespace Baton.Core.Messaging;

/// <summary>Events after a cursor, oldest first; <see cref="LastEventId"/> is the newest event the agent has.</summary>
public sealed record AgentEventPage(IReadOnlyList<AgentEvent> Items, long LastEventId);

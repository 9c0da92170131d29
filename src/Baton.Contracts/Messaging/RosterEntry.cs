namespace Baton.Contracts.Messaging;

/// <summary>One agent in the roster: who it is and whether it is around.</summary>
public sealed record RosterEntry
{
    /// <summary>The slug: what to put in a message's <c>to</c>.</summary>
    public required string Name { get; init; }

    public required string DisplayName { get; init; }

    /// <summary><c>metadata.description</c> when the agent has one.</summary>
    public string? Description { get; init; }

    public required bool Online { get; init; }

    /// <summary>How long since the agent last changed, bucketed (<c>just now</c>, <c>5m ago</c>, <c>2h ago</c>, <c>3d ago</c>).</summary>
    public required string LastSeenRelative { get; init; }

    /// <summary><c>webhook</c> for agents that take pushes, else <c>inbox</c>.</summary>
    public required string PreferredContact { get; init; }

    public required string Status { get; init; }
}

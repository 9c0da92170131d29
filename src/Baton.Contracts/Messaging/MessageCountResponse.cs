namespace Baton.Contracts.Messaging;

/// <summary><c>GET /v1/agents/{ref}/inbox?count_only=true</c>: how many messages match, nothing changed.</summary>
public sealed record MessageCountResponse
{
    public required long Count { get; init; }
}

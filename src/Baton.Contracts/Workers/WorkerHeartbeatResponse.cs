namespace Baton.Contracts.Workers;

/// <summary>An acknowledged worker heartbeat.</summary>
public sealed record WorkerHeartbeatResponse
{
    /// <summary>Always true.</summary>
    public required bool Acknowledged { get; init; }

    /// <summary>The server's clock.</summary>
    public required DateTimeOffset ServerTime { get; init; }
}

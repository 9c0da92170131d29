namespace Baton.Contracts.Service;

/// <summary><c>GET /v1/info</c>: what this server is.</summary>
public sealed record InfoResponse
{
    /// <summary>The server's version.</summary>
    public required string Version { get; init; }

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public required string Store { get; init; }

    /// <summary>This process's name; several nodes may share one database.</summary>
    public required string NodeId { get; init; }

    /// <summary>Optional capabilities this server offers.</summary>
    public required IReadOnlyList<string> Features { get; init; }
}

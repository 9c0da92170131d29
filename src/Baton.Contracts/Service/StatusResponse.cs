using System.Text.Json.Serialization;

namespace Baton.Contracts.Service;

/// <summary><c>GET /status</c>: 200 <c>healthy</c>, or 503 <c>down</c> with a reason.</summary>
public sealed record StatusResponse
{
    /// <summary><c>healthy</c> or <c>down</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why the server is down.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}

using System.Text.Json;

namespace Baton.Contracts.Executions;

/// <summary><c>POST /v1/executions/{id}/heartbeat</c> body; the worker is named by the <c>X-Worker-Id</c> header.</summary>
public sealed record ExecutionHeartbeatRequest
{
    /// <summary>Extend the lease to this many seconds from now, 1–86400; the claim's lease length when absent.</summary>
    public int? LeaseSeconds { get; init; }

    /// <summary>Any JSON value describing progress, ≤10 KiB.</summary>
    public JsonElement? Progress { get; init; }
}

namespace Baton.Contracts.Executions;

/// <summary><c>GET /v1/executions</c>: one page, newest first, with counts by status over the same filters.</summary>
public sealed record ExecutionListResponse
{
    /// <summary>The page.</summary>
    public required IReadOnlyList<ExecutionResponse> Executions { get; init; }

    /// <summary>How many executions match the filters.</summary>
    public required long Total { get; init; }

    /// <summary>The page size used.</summary>
    public required int Limit { get; init; }

    /// <summary>The offset used.</summary>
    public required int Offset { get; init; }

    /// <summary>Whether another page follows.</summary>
    public required bool HasMore { get; init; }

    /// <summary>(ext) How many match each status, over the same filters minus the status filter.</summary>
    public required ExecutionCountsResponse Counts { get; init; }
}

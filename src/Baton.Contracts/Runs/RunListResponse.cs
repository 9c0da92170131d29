namespace Baton.Contracts.Runs;

/// <summary>Runs with activity, the most recently active first.</summary>
public sealed record RunListResponse
{
    /// <summary>This page of runs.</summary>
    public required IReadOnlyList<RunResponse> Runs { get; init; }

    /// <summary>How many runs the tenant has.</summary>
    public required long Total { get; init; }

    /// <summary>The page size asked for.</summary>
    public required int Limit { get; init; }

    /// <summary>How many runs were skipped.</summary>
    public required int Offset { get; init; }

    /// <summary>Whether another page follows.</summary>
    public required bool HasMore { get; init; }
}

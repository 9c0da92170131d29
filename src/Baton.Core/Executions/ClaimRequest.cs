namespace Baton.Core.Executions;

/// <summary>A claim as a worker asks for it; <see cref="WaitSeconds"/> &gt; 0 parks until work arrives.</summary>
public sealed record ClaimRequest(
    string WorkerId,
    ClaimFilter Filter,
    int? LeaseSeconds = null,
    int Limit = 1,
    int WaitSeconds = 0);

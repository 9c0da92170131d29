namespace Baton.Contracts.Service;

/// <summary>A usage period: the first instant of the calendar month (UTC) and the first instant of the next.</summary>
public sealed record UsagePeriod
{
    /// <summary>Start of the period, inclusive.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>End of the period, exclusive.</summary>
    public required DateTimeOffset End { get; init; }
}

namespace Baton.Contracts.Service;

/// <summary>Executions this period against the monthly execution limit (reported, not enforced).</summary>
public sealed record UsageExecutions
{
    /// <summary>Executions created this period that the server still holds.</summary>
    public required long Used { get; init; }

    /// <summary>The limit; <see cref="UsageLimit.None"/> when the server sets none.</summary>
    public required int Limit { get; init; }

    /// <summary>How many more fit under the limit.</summary>
    public required long Remaining { get; init; }

    /// <summary>Used as a percentage of the limit, one decimal.</summary>
    public required double PercentUsed { get; init; }
}

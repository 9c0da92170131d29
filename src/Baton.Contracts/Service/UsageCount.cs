namespace Baton.Contracts.Service;

/// <summary>How much is used, and the limit (null: none).</summary>
public sealed record UsageCount
{
    /// <summary>How much is used.</summary>
    public required long Used { get; init; }

    /// <summary>The limit; null means no limit.</summary>
    public int? Limit { get; init; }
}

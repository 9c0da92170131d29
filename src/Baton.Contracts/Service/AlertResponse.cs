namespace Baton.Contracts.Service;

/// <summary>One alert.</summary>
public sealed record AlertResponse
{
    /// <summary><c>alt_</c> + 12 characters.</summary>
    public required string Id { get; init; }

    /// <summary>The cue it is about, if any.</summary>
    public string? CueId { get; init; }

    /// <summary>The execution that raised it, if any.</summary>
    public Guid? ExecutionId { get; init; }

    /// <summary><c>verification_failed</c> or <c>consecutive_failures</c>.</summary>
    public required string AlertType { get; init; }

    /// <summary><c>warning</c> or <c>critical</c>.</summary>
    public required string Severity { get; init; }

    /// <summary>A sentence for people.</summary>
    public required string Message { get; init; }

    /// <summary>When it was raised.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}

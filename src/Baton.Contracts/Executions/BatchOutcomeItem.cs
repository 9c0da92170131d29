namespace Baton.Contracts.Executions;

/// <summary>One outcome of a batch: the outcome fields plus the execution it is for.</summary>
public sealed record BatchOutcomeItem : RecordOutcomeRequest
{
    /// <summary>The execution. Required.</summary>
    public Guid? ExecutionId { get; init; }

    /// <summary>The claim token of the claim this outcome ends.</summary>
    public string? ClaimToken { get; init; }
}

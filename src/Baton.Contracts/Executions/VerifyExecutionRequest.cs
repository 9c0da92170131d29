namespace Baton.Contracts.Executions;

/// <summary><c>POST /v1/executions/{id}/verify</c>: someone's verdict on a successful outcome.</summary>
public sealed record VerifyExecutionRequest
{
    /// <summary>True (the default): <c>verified_success</c>; false: <c>verification_failed</c>.</summary>
    public bool? Valid { get; init; }

    /// <summary>Why, ≤500 characters; kept in the <c>execution.verified</c> event.</summary>
    public string? Reason { get; init; }
}

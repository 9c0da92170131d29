namespace Baton.Contracts.Errors;

/// <summary>The body of every error response: <c>{"error": {"code", "message", "status", "details"?}}</c>.</summary>
public sealed record ErrorEnvelope
{
    /// <summary>The error itself.</summary>
    public required ErrorBody Error { get; init; }
}

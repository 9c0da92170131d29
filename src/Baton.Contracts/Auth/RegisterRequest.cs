namespace Baton.Contracts.Auth;

/// <summary><c>POST /v1/auth/register</c>.</summary>
public sealed record RegisterRequest
{
    /// <summary>The account's email address; unique per server.</summary>
    public string? Email { get; init; }
}

namespace Baton.Contracts.Auth;

/// <summary>A new account and its API key, shown this once.</summary>
public sealed record RegisterResponse
{
    /// <summary>The key for <c>Authorization: Bearer</c>; only its hash is stored.</summary>
    public required string ApiKey { get; init; }

    /// <summary>The account's email, normalised to lower case.</summary>
    public required string Email { get; init; }
}

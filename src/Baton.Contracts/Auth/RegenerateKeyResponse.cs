namespace Baton.Contracts.Auth;

/// <summary><c>POST /v1/auth/key/regenerate</c>: the new key; the old one now answers <c>key_rotated</c>.</summary>
public sealed record RegenerateKeyResponse
{
    /// <summary>The new key, shown this once.</summary>
    public required string ApiKey { get; init; }

    /// <summary>Always true: the previous key no longer authenticates.</summary>
    public required bool PreviousKeyRevoked { get; init; }
}

namespace Baton.Contracts.Auth;

/// <summary>
/// <c>GET /v1/auth/webhook-secret</c> and <c>POST /v1/auth/webhook-secret/regenerate</c>: the key that signs webhook
/// deliveries (<c>X-CueAPI-Signature</c>).
/// </summary>
public sealed record WebhookSecretResponse
{
    /// <summary><c>whsec_</c> followed by 64 hex characters.</summary>
    public required string WebhookSecret { get; init; }
}

namespace Baton.Contracts;

/// <summary>HTTP header names of the Baton API, defined once for the server, the client and the tools.</summary>
public static class WireHeaders
{
    /// <summary>The claiming worker's id, on heartbeat (required), outcome, release and cancel.</summary>
    public const string WorkerId = "X-Worker-Id";

    /// <summary>The claim token a claim returned; names one claim, so a stale worker can be told <c>claim_lost</c>.</summary>
    public const string ClaimToken = "X-Claim-Token";

    /// <summary>Must be <c>true</c> on destructive account operations.</summary>
    public const string ConfirmDestructive = "X-Confirm-Destructive";

    /// <summary>Echoed when sane, generated otherwise; present on every response.</summary>
    public const string RequestId = "X-Request-Id";

    /// <summary>Requests allowed per window for the calling API key.</summary>
    public const string RateLimitLimit = "X-RateLimit-Limit";

    /// <summary>Requests left in the current window.</summary>
    public const string RateLimitRemaining = "X-RateLimit-Remaining";

    /// <summary>When the current window ends, as Unix seconds.</summary>
    public const string RateLimitReset = "X-RateLimit-Reset";

    /// <summary>The sending agent of <c>POST /v1/messages</c> (CueAPI's spelling).</summary>
    public const string FromAgent = "X-Cueapi-From-Agent";

    /// <summary>Makes a send with the same key and body within 24 h return the first message.</summary>
    public const string IdempotencyKey = "Idempotency-Key";

    /// <summary><c>true</c> on a POST or PATCH: the 2xx answer carries <c>body_received</c> and <c>body_received_sha256</c>.</summary>
    public const string VerifyEcho = "X-CueAPI-Verify-Echo";
}

namespace Baton.Server.Http;

/// <summary>The limiter's answer for one request, with what the <c>X-RateLimit-*</c> headers report.</summary>
internal readonly record struct RateLimitDecision(bool Allowed, int Limit, long Remaining, DateTimeOffset ResetsAt, TimeSpan RetryAfter);

using Baton.Core;

namespace Baton.Server.Http;

/// <summary>Fixed windows of <see cref="BatonOptions.RateLimitPerMinute"/> requests per API key.</summary>
internal sealed class ApiKeyRateLimiter(BatonOptions options, TimeProvider time) : MinuteRateLimiter(options.RateLimitPerMinute, time);

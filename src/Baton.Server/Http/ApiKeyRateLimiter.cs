using System.Threading.RateLimiting;
using Baton.Core;

namespace Baton.Server.Http;

/// <summary>
/// Fixed windows of <see cref="BatonOptions.RateLimitPerMinute"/> requests per API key. The partition key carries
/// the clock's minute, so windows align with whole minutes of the server clock: <c>X-RateLimit-Reset</c> and
/// <c>Retry-After</c> are then exact, and a finished window's limiter goes idle and is dropped by the partitioned
/// limiter's idle sweep.
/// </summary>
internal sealed class ApiKeyRateLimiter : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<(string ApiKey, long Minute)> _limiter;
    private readonly int _permitsPerWindow;
    private readonly TimeProvider _time;

    public ApiKeyRateLimiter(BatonOptions options, TimeProvider time)
    {
        _permitsPerWindow = options.RateLimitPerMinute;
        _time = time;
        _limiter = PartitionedRateLimiter.Create<(string ApiKey, long Minute), (string ApiKey, long Minute)>(
            resource => RateLimitPartition.GetFixedWindowLimiter(resource, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = _permitsPerWindow,
                Window = Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public RateLimitDecision TryAcquire(string apiKey)
    {
        var now = _time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var resource = (apiKey, minute);
        using var lease = _limiter.AttemptAcquire(resource);
        var remaining = _limiter.GetStatistics(resource)?.CurrentAvailablePermits ?? 0;
        var resetsAt = DateTimeOffset.FromUnixTimeSeconds((minute + 1) * 60);
        return new RateLimitDecision(lease.IsAcquired, _permitsPerWindow, remaining, resetsAt, resetsAt - now);
    }

    public void Dispose() => _limiter.Dispose();
}

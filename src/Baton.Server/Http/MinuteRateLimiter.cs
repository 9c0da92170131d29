using System.Threading.RateLimiting;

namespace Baton.Server.Http;

/// <summary>
/// Fixed windows of a number of permits per key per minute. The partition key carries the clock's minute, so
/// windows align with whole minutes of the server clock: <c>X-RateLimit-Reset</c> and <c>Retry-After</c> are then
/// exact, and a finished window's limiter goes idle and is dropped by the partitioned limiter's idle sweep.
/// </summary>
internal abstract class MinuteRateLimiter : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<(string Key, long Minute)> _limiter;
    private readonly int _permitsPerWindow;
    private readonly TimeProvider _time;

    protected MinuteRateLimiter(int permitsPerWindow, TimeProvider time)
    {
        _permitsPerWindow = permitsPerWindow;
        _time = time;
        _limiter = PartitionedRateLimiter.Create<(string Key, long Minute), (string Key, long Minute)>(
            resource => RateLimitPartition.GetFixedWindowLimiter(resource, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = _permitsPerWindow,
                Window = Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public RateLimitDecision TryAcquire(string key)
    {
        var now = _time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var resource = (key, minute);
        using var lease = _limiter.AttemptAcquire(resource);
        var remaining = _limiter.GetStatistics(resource)?.CurrentAvailablePermits ?? 0;
        var resetsAt = DateTimeOffset.FromUnixTimeSeconds((minute + 1) * 60);
        return new RateLimitDecision(lease.IsAcquired, _permitsPerWindow, remaining, resetsAt, resetsAt - now);
    }

    public void Dispose()
    {
        _limiter.Dispose();
        GC.SuppressFinalize(this);
    }
}

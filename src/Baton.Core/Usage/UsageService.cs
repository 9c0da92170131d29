using Baton.Core.Storage;

namespace Baton.Core.Usage;

/// <summary>Usage against the server's limits: <c>GET /v1/usage</c>, <c>/v1/auth/me</c>, and the active-cue limit.</summary>
public sealed class UsageService(IAlertStore store, UsageLimits limits, BatonOptions options, TimeProvider time)
{
    public async Task<UsageReport> GetAsync(string tenantId, CancellationToken ct)
    {
        var usage = await store.GetTenantUsageAsync(new GetTenantUsageParams(tenantId, MonthStart(time.GetUtcNow())), ct);
        return new UsageReport(usage.ExecutionsThisMonth, limits.ExecutionsPerMonth, usage.ActiveCues,
            limits.ActiveCues, options.RateLimitPerMinute);
    }

    /// <summary>
    /// Throws cue_limit_exceeded when one more active cue would pass the limit. Checked before the write, so two
    /// creates racing at the very limit can both pass: the limit is a guard against runaway clients, not a
    /// billing meter, and a lock per create is not worth it.
    /// </summary>
    public async Task EnsureRoomForActiveCueAsync(string tenantId, CancellationToken ct)
    {
        if (limits.ActiveCues is not { } limit) return;
        var usage = await store.GetTenantUsageAsync(new GetTenantUsageParams(tenantId, MonthStart: null), ct);
        if (usage.ActiveCues >= limit) throw Errors.CueLimitExceeded(limit);
    }

    /// <summary>The first instant of <paramref name="now"/>'s calendar month, in UTC.</summary>
    public static DateTimeOffset MonthStart(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }
}

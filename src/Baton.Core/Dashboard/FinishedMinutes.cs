using System.Collections.Concurrent;

namespace Baton.Core.Dashboard;

/// <summary>
/// The overview's past minutes, kept per tenant. An execution's <c>finished_at</c> is the time it finished, so once a
/// minute is over (and a short grace for commits in flight has passed) no row will ever finish in it again: its
/// counts and claim waits are final. The overview then reads only the minutes since the last it kept — the current
/// one, on a page refreshed live — instead of the whole hour's finished rows on every render.
/// </summary>
/// <remarks>
/// Each node keeps its own, built from the store, so nodes agree. A node whose clock is behind another's by more
/// than <see cref="Grace"/> could write a finish into a minute this node already closed; that minute's point would
/// miss it until this node restarts.
/// </remarks>
public sealed class FinishedMinutes
{
    /// <summary>How long after a minute ends it is taken as final (outcomes stamped in it may still be committing).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, TenantMinutes> _tenants = new(StringComparer.Ordinal);

    /// <summary>Where a read for <paramref name="tenantId"/> must start so that, with what is kept, it covers <paramref name="from"/> onwards.</summary>
    public DateTimeOffset ReadFrom(string tenantId, DateTimeOffset from) =>
        _tenants.TryGetValue(tenantId, out var kept) && kept.Until > from ? kept.Until : from;

    /// <summary>
    /// Merges what was read from <paramref name="readFrom"/> at <paramref name="now"/> with the minutes kept from
    /// <paramref name="from"/> on, and keeps the minutes of the read that are now final.
    /// </summary>
    public (IReadOnlyList<MinuteCounts> Minutes, IReadOnlyList<ClaimWait> Waits) Merge(
        string tenantId, DateTimeOffset from, DateTimeOffset readFrom, DateTimeOffset now,
        IReadOnlyList<MinuteCounts> minutes, IReadOnlyList<ClaimWait> waits)
    {
        var final = MinuteOf(now - Grace);
        var kept = _tenants.GetOrAdd(tenantId, _ => new TenantMinutes());
        lock (kept)
        {
            var olderMinutes = kept.Minutes.Where(m => m.Minute >= from && m.Minute < readFrom).ToList();
            var olderWaits = kept.Waits.Where(w => w.FinishedAt >= from && w.FinishedAt < readFrom).ToList();
            // A slower render that read before a later one kept more leaves what that one kept.
            if (final >= kept.Until)
            {
                kept.Minutes = [.. olderMinutes, .. minutes.Where(m => m.Minute < final)];
                kept.Waits = [.. olderWaits, .. waits.Where(w => w.FinishedAt < final)];
                kept.Until = final > readFrom ? final : readFrom;
            }

            return ([.. olderMinutes, .. minutes], [.. olderWaits, .. waits]);
        }
    }

    /// <summary>The start of the minute (UTC) that <paramref name="t"/> falls in.</summary>
    public static DateTimeOffset MinuteOf(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private sealed class TenantMinutes
    {
        public DateTimeOffset Until { get; set; }
        public List<MinuteCounts> Minutes { get; set; } = [];
        public List<ClaimWait> Waits { get; set; } = [];
    }
}

namespace Baton.Server.Http;

/// <summary>
/// When a request last found the store unavailable. A write can fail while reads still work (a SQLite file locked
/// by another process, a full disk), so <c>/health</c> reports degraded for a short while after any such answer, not
/// only when its own read fails.
/// </summary>
internal sealed class StoreOutageWatch(TimeProvider time)
{
    /// <summary>How long after the last outage answer <c>/health</c> still says degraded.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromSeconds(5);

    private long _lastOutageTicks;

    public void Saw() => Interlocked.Exchange(ref _lastOutageTicks, time.GetUtcNow().UtcTicks);

    public bool SawRecently()
    {
        var last = Interlocked.Read(ref _lastOutageTicks);
        return last != 0 && time.GetUtcNow().UtcTicks - last < Memory.Ticks;
    }
}

using System.Net;
using Baton.Client;

namespace Baton.Worker.Daemon;

/// <summary>
/// Keeps track of whether the server is reachable, so that an outage is reported once when it starts and once when it
/// ends rather than once per retry, and hands out the next back-off: exponential from 1 s to 30 s with jitter, so a
/// fleet of workers does not return in lockstep after the server restarts.
/// </summary>
public sealed class ServerOutage(WorkerLog log, TimeProvider time)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private DateTimeOffset? _since;
    private int _failures;

    public bool IsDown
    {
        get
        {
            lock (_lock) return _since is not null;
        }
    }

    /// <summary>
    /// Records a failed call and returns how long to wait before the next try. A 429 is not an outage (the server
    /// answered): it is logged as what it is, each time, with the wait.
    /// </summary>
    public TimeSpan Failed(string what, Exception e, TimeSpan? retryAfter = null)
    {
        lock (_lock)
        {
            if (e is BatonApiException { Status: HttpStatusCode.TooManyRequests })
            {
                var wait = NextDelay(retryAfter);
                log.Warning($"rate limited ({what}), retrying in {Math.Ceiling(wait.TotalSeconds):0} s.");
                return wait;
            }

            if (_since is null)
            {
                _since = time.GetUtcNow();
                log.Warning($"the server is unreachable ({what}: {ApiFailure.Describe(e)}); retrying with back-off until it answers.");
            }

            return NextDelay(retryAfter);
        }
    }

    private TimeSpan NextDelay(TimeSpan? retryAfter)
    {
        _failures++;
        var ceiling = Math.Min(MaxDelay.TotalSeconds, Math.Pow(2, Math.Min(_failures - 1, 10)));
        var delay = TimeSpan.FromSeconds(ceiling * (0.5 + Random.Shared.NextDouble() / 2));
        return retryAfter is { } wait && wait > delay ? wait : delay;
    }

    /// <summary>Records a call that got an answer; ends an outage.</summary>
    public void Answered()
    {
        lock (_lock)
        {
            if (_since is { } since)
            {
                log.Info($"the server answers again after {(time.GetUtcNow() - since).TotalSeconds:0} s.");
            }

            _since = null;
            _failures = 0;
        }
    }
}

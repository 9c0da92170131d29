using Baton.Client;
using Baton.Worker.Configuration;

namespace Baton.Worker.Daemon;

/// <summary>What every running execution shares with the daemon.</summary>
internal sealed record WorkerContext(
    WorkerConfig Config,
    string ApiKey,
    BatonClient Client,
    WorkerLog Log,
    ServerOutage Outage,
    TimeProvider Time,
    string OutcomeDirectory,
    Action<Exception> Unauthorized)
{
    /// <summary>
    /// Heartbeats come at least three times per lease, whatever <c>heartbeat_interval</c> says, so a lease survives a
    /// lost heartbeat or two: with the defaults (30 s) a 30-second lease is still renewed every 10 s.
    /// </summary>
    public TimeSpan HeartbeatEvery(int leaseSeconds) =>
        TimeSpan.FromSeconds(Math.Min(Config.HeartbeatInterval.TotalSeconds, Math.Max(0.2, leaseSeconds / 3.0)));
}

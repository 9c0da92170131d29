namespace Baton.Cli.Hosting;

/// <summary>
/// Holds back the host's own log of a failed start ("Hosting failed to start" with its stack trace): <c>serve</c>
/// reports that failure itself in one line (a port in use, say), and a stack trace after it only buries the reason.
/// Once the server has started, the host's logs pass as usual.
/// </summary>
internal sealed class StartupLogGate
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private const string KestrelCategory = "Microsoft.AspNetCore.Server.Kestrel";

    private volatile bool _started;

    public void Started() => _started = true;

    /// <summary>Adds the gate for the two categories that log a failed start; every other category is untouched.</summary>
    public void AddTo(ILoggingBuilder logging)
    {
        foreach (var category in new[] { HostCategory, KestrelCategory })
        {
            logging.AddFilter(category, level => level >= LogLevel.Warning && _started);
        }
    }
}

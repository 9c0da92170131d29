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

    public bool Allows(string? category, LogLevel level) =>
        _started || category is null || !(category.StartsWith(HostCategory, StringComparison.Ordinal) ||
                                          category.StartsWith(KestrelCategory, StringComparison.Ordinal));
}

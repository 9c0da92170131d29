using System.Runtime.InteropServices;
using Baton.Client;
using Baton.Worker.Configuration;
using Baton.Worker.Daemon;
using Baton.Worker.Service;

namespace Baton.Worker;

/// <summary>
/// <c>baton worker --config PATH</c> from start to exit: load and check the config, find the key, warn when no
/// service manager watches over the process, and run the daemon until SIGTERM/SIGINT (a second one skips the
/// shutdown grace).
/// </summary>
public static class WorkerHost
{
    public const int ConfigErrorExitCode = 1;

    public static async Task<int> RunAsync(
        string configPath, Func<Uri, string?> savedKey, TextWriter output, TextWriter error, string? workerId = null,
        int? prefetch = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var loaded = WorkerConfigLoader.Load(configPath);
        var shownPath = configPath;
        foreach (var problem in loaded.Problems) await error.WriteLineAsync(problem.Format(shownPath));
        if (!loaded.IsValid)
        {
            await error.WriteLineAsync($"baton worker: {shownPath} has errors; nothing started (`baton worker validate --config {shownPath}` checks it).");
            return ConfigErrorExitCode;
        }

        // --worker-id: several daemons from one config on one machine, each under its own name.
        var config = workerId is null ? loaded.Config! : loaded.Config! with { WorkerId = workerId };
        // --prefetch: the same config tried with and without claiming ahead.
        if (prefetch is { } ahead) config = config with { Prefetch = ahead };
        var (apiKey, _) = ApiKeyResolver.Resolve(config, savedKey);
        if (apiKey is null)
        {
            await error.WriteLineAsync("baton worker: " + ApiKeyResolver.MissingKeyMessage);
            return WorkerDaemon.UnauthorizedExitCode;
        }

        if (ServiceManager.Detect() is null)
        {
            await error.WriteLineAsync(
                "warning: not running under a service manager: the worker stops when this terminal closes and is not restarted " +
                $"after a crash or a reboot. `baton worker install-service --config {shownPath}` installs it as a service.");
        }

        using var stop = new CancellationTokenSource();
        using var hurry = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            // The daemon drains and exits 0 on its own; the runtime must not end the process first.
            context.Cancel = true;
            if (stop.IsCancellationRequested) hurry.Cancel();
            else stop.Cancel();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            // Above the longest long-poll (60 s), so a parked claim is never cut short by the client.
            Timeout = TimeSpan.FromSeconds(90),
        };
        var client = new BatonClient(http, config.ApiBase, apiKey);
        var daemon = new WorkerDaemon(config, apiKey, client, output, error, TimeProvider.System);
        return await daemon.RunAsync(stop.Token, hurry.Token);
    }
}

using Baton.Client;
using Baton.Server;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Cli.Tests;

/// <summary>
/// A real Baton server, started in-process on a free port, that the client-command tests point real <c>baton</c>
/// processes at. Each test works as its own tenant, so tests sharing the server cannot see each other's tasks.
/// </summary>
public sealed class CliServer : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };
    private WebApplication? _app;

    internal RequestCounter Requests { get; } = new();

    public Uri Url { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = new BatonServerSettings { Url = "http://127.0.0.1:0", DataDirectory = _data.Path, RateLimitPerMinute = 1_000_000 };
        _app = BatonServerHost.Build(settings, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<IStartupFilter>(Requests);
        });
        await _app.StartAsync(TestContext.Current.CancellationToken);
        Url = new Uri(_app.Urls.First());
    }

    /// <summary>A fresh tenant: its key, and a client to set up or check state without going through the CLI.</summary>
    public async Task<(string ApiKey, BatonClient Client)> NewTenantAsync()
    {
        var registered = await new BatonClient(_http, Url).RegisterAsync(
            $"cli-{Guid.NewGuid():N}@example.com", TestContext.Current.CancellationToken);
        return (registered.ApiKey, new BatonClient(_http, Url, registered.ApiKey));
    }

    /// <summary>Runs <c>baton</c> against this server as <paramref name="apiKey"/> (BATON_URL, BATON_API_KEY), with an empty config directory.</summary>
    internal Task<CliResult> RunAsync(string? apiKey, params string[] args) =>
        RunWithConfigAsync(apiKey, _data.Path, args);

    internal Task<CliResult> RunWithConfigAsync(string? apiKey, string configDirectory, params string[] args) =>
        Cli.RunAsync(EnvironmentFor(apiKey, configDirectory), args);

    /// <summary>
    /// Runs <c>baton</c> against this server as <paramref name="apiKey"/> with <paramref name="extra"/> added to its
    /// environment (e.g. BATON_AGENT) and, when given, <paramref name="input"/> on its standard input.
    /// </summary>
    internal Task<CliResult> RunWithAsync(string apiKey, IReadOnlyDictionary<string, string> extra, string? input, params string[] args)
    {
        var environment = EnvironmentFor(apiKey, _data.Path);
        foreach (var (name, value) in extra) environment[name] = value;
        return input is null ? Cli.RunAsync(environment, args) : Cli.RunWithInputAsync(environment, input, args);
    }

    /// <summary>Runs <c>baton</c> against this server as <paramref name="apiKey"/> on a terminal of its own.</summary>
    internal TerminalRun RunOnTerminal(string apiKey, params string[] args) =>
        TerminalRun.Start(EnvironmentFor(apiKey, _data.Path), args);

    private Dictionary<string, string> EnvironmentFor(string? apiKey, string configDirectory)
    {
        var environment = new Dictionary<string, string>
        {
            ["BATON_URL"] = Url.ToString(),
            ["XDG_CONFIG_HOME"] = Path.Combine(configDirectory, "config"),
            ["NO_COLOR"] = "1",
        };
        if (apiKey is not null) environment["BATON_API_KEY"] = apiKey;
        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        _http.Dispose();
        _data.Dispose();
    }
}

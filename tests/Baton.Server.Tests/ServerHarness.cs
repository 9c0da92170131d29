using Baton.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// A real Baton server on Kestrel at a free loopback port, over a fresh data directory that is deleted afterwards.
/// Tests talk to it through <see cref="BatonClient"/>, or <see cref="Http"/> for malformed requests.
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private ServerHarness(WebApplication app, string dataDirectory, Uri baseUrl)
    {
        App = app;
        _dataDirectory = dataDirectory;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
    }

    public WebApplication App { get; }
    public string DataDirectory => _dataDirectory;
    public Uri BaseUrl { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => App.Services;
    public BatonClient Anonymous => new(Http, BaseUrl);

    /// <summary>Starts a server; <paramref name="adjust"/> changes the test defaults (no rate limit to speak of).</summary>
    public static async Task<ServerHarness> StartAsync(
        Func<BatonServerSettings, BatonServerSettings>? adjust = null, Action<WebApplicationBuilder>? configure = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "baton-server-tests", Guid.NewGuid().ToString("N"));
        var settings = new BatonServerSettings
        {
            Url = "http://127.0.0.1:0",
            DataDirectory = dataDirectory,
            RateLimitPerMinute = 1_000_000,
        };
        settings = adjust?.Invoke(settings) ?? settings;
        var app = BatonServerHost.Build(settings, builder =>
        {
            builder.Logging.ClearProviders();
            configure?.Invoke(builder);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new ServerHarness(app, dataDirectory, new Uri(app.Urls.First()));
    }

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async Task<BatonClient> NewTenantAsync() => (await RegisterTenantAsync()).Client;

    /// <summary>A new tenant's client and its raw key, for requests the client cannot express.</summary>
    public async Task<(BatonClient Client, string ApiKey)> RegisterTenantAsync()
    {
        var registered = await Anonymous.RegisterAsync(
            $"tenant-{Guid.NewGuid():N}@example.com", TestContext.Current.CancellationToken);
        return (Anonymous.WithApiKey(registered.ApiKey), registered.ApiKey);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        Http.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; failing the test over it would not be.
        }
    }
}

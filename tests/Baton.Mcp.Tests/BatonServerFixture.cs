using Baton.Client;
using Baton.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Baton.Mcp.Tests;

/// <summary>
/// A real Baton server (Kestrel on a free loopback port, SQLite in a temp directory) shared by one test class, with
/// one tenant. Tests keep apart by using their own run ids and queues.
/// </summary>
public sealed class BatonServerFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "baton-mcp-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    public Uri BaseUrl { get; private set; } = null!;

    public string ApiKey { get; private set; } = null!;

    /// <summary>The tenant's client, for arranging and checking what the MCP tools did.</summary>
    public BatonClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _app = BatonServerHost.Build(
            new BatonServerSettings { Url = "http://127.0.0.1:0", DataDirectory = _dataDirectory, RateLimitPerMinute = 1_000_000 },
            builder => builder.Logging.ClearProviders());
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.First());
        var registered = await new BatonClient(Http, BaseUrl).RegisterAsync($"mcp-{Guid.NewGuid():N}@example.com");
        ApiKey = registered.ApiKey;
        Client = new BatonClient(Http, BaseUrl, ApiKey);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Http.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}

using Baton.Client;
using Baton.Testing;

namespace Baton.Worker.Tests;

/// <summary>
/// One real <c>baton serve</c> process on SQLite for the whole assembly. Every test works as its own tenant, so tests
/// running in parallel cannot claim each other's executions.
/// </summary>
public sealed class WorkerTestServer : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private BatonProcess? _serve;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    public Uri Url { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // The rate limit is per key; a burst test makes hundreds of calls a minute.
        _serve = await BatonProcess.ServeAsync(_data.Path, "--rate-limit", "1000000");
        Url = await _serve.WaitForReadyAsync();
    }

    public async Task<(string ApiKey, BatonClient Client)> NewTenantAsync()
    {
        var registered = await new BatonClient(Http, Url).RegisterAsync(
            $"worker-{Guid.NewGuid():N}@example.com", TestContext.Current.CancellationToken);
        return (registered.ApiKey, new BatonClient(Http, Url, registered.ApiKey));
    }

    public async ValueTask DisposeAsync()
    {
        if (_serve is not null) await _serve.DisposeAsync();
        Http.Dispose();
        _data.Dispose();
    }
}

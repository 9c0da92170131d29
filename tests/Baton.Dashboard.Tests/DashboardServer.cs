using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.Dashboard.Tests;

/// <summary>
/// A real <c>baton serve</c> (SQLite, in a temp directory) per test class, with its first tenant's key and a client
/// for checking state through the API. <see cref="Api"/> talks to <see cref="BaseUrl"/> as that tenant.
/// </summary>
public sealed class DashboardServer : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private BatonProcess? _process;

    public string BaseUrl { get; private set; } = "";
    public string ApiKey { get; private set; } = "";
    public string DataDirectory => _directory.Path;
    public TenantApi Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _process = await BatonProcess.ServeAsync(_directory.Path);
        BaseUrl = (await _process.WaitForReadyAsync()).ToString().TrimEnd('/');
        ApiKey = _process.PrintedApiKey ?? throw new InvalidOperationException("baton serve printed no API key");
        Api = new TenantApi(BaseUrl, ApiKey);
        // The first render JIT-compiles the page components; do it here rather than inside a test's first step.
        using var warm = new HttpClient();
        await warm.GetStringAsync(BaseUrl + "/ui/sign-in", TestContext.Current.CancellationToken);
    }

    /// <summary>A second account on the same server, for tenant isolation.</summary>
    public async Task<TenantApi> RegisterTenantAsync(string email)
    {
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync(BaseUrl + "/v1/auth/register", new { email });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return new TenantApi(BaseUrl, (string)body!["api_key"]!);
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (_process is not null) await _process.DisposeAsync();
        _directory.Dispose();
    }
}

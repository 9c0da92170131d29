using System.Net;
using System.Text.Json;
using Baton.Contracts.Executions;
using Baton.Server.Tests.Webhooks;
using Baton.Server.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Baton.Server.Tests.CueTestKit;

namespace Baton.Server.Tests;

/// <summary>
/// The response shapes CueAPI's own clients read, checked on the raw JSON (not through Baton's client, which would
/// forgive a missing field): a worker cue's callback object, <c>/v1/auth/me</c>, and <c>/v1/usage</c>.
/// </summary>
public sealed class CueApiShapeTests : IAsyncLifetime
{
    private readonly FakeHostResolver _dns = new();
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await ServerHarness.StartAsync(
            s => s with { ActiveCueLimit = 10, MonthlyExecutionLimit = 200 },
            b => b.Services.AddSingleton<IHostResolver>(_dns));

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_worker_cues_callback_is_an_object_with_a_null_url_post_and_no_headers_never_null()
    {
        var (client, key) = await _server.RegisterTenantAsync();
        var cue = await client.CreateCueAsync(OnDemandCue("worker-cue"), Ct);

        foreach (var path in new[] { "/v1/cues/" + cue.Id, "/v1/cues" })
        {
            using var json = await GetJsonAsync(path, key);
            var body = path == "/v1/cues" ? json.RootElement.GetProperty("cues")[0] : json.RootElement;
            var callback = body.GetProperty("callback");
            Assert.Equal(JsonValueKind.Object, callback.ValueKind);
            Assert.Equal(JsonValueKind.Null, callback.GetProperty("url").ValueKind);
            Assert.Equal("POST", callback.GetProperty("method").GetString());
            Assert.Equal(JsonValueKind.Object, callback.GetProperty("headers").ValueKind);
            Assert.Empty(callback.GetProperty("headers").EnumerateObject());
        }
    }

    [Fact]
    public async Task Auth_me_carries_a_numeric_monthly_execution_limit_and_a_slug()
    {
        var (_, key) = await _server.RegisterTenantAsync();
        using var json = await GetJsonAsync("/v1/auth/me", key);
        var me = json.RootElement;

        Assert.Equal(200, me.GetProperty("monthly_execution_limit").GetInt32());
        Assert.Equal(10, me.GetProperty("active_cue_limit").GetInt32());
        Assert.StartsWith("tenant-", me.GetProperty("slug").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_is_in_cueapis_shape_with_a_number_for_every_limit()
    {
        var (client, key) = await _server.RegisterTenantAsync();
        await client.CreateCueAsync(OnDemandCue("one"), Ct);
        await client.EnqueueBatchAsync([.. Enumerable.Range(0, 50).Select(_ => new EnqueueExecutionRequest { Task = "t" })], Ct);

        using var json = await GetJsonAsync("/v1/usage", key);
        var usage = json.RootElement;

        Assert.Equal("self_hosted", usage.GetProperty("plan").GetString());
        var start = usage.GetProperty("period").GetProperty("start").GetDateTimeOffset();
        Assert.Equal(start.AddMonths(1), usage.GetProperty("period").GetProperty("end").GetDateTimeOffset());
        var cues = usage.GetProperty("cues");
        Assert.Equal((1, 1, 10, 9, 10.0), (cues.GetProperty("used").GetInt64(), cues.GetProperty("active").GetInt64(),
            cues.GetProperty("limit").GetInt32(), cues.GetProperty("remaining").GetInt64(), cues.GetProperty("percent_used").GetDouble()));
        var executions = usage.GetProperty("executions");
        Assert.Equal((50, 200, 150, 25.0), (executions.GetProperty("used").GetInt64(), executions.GetProperty("limit").GetInt32(),
            executions.GetProperty("remaining").GetInt64(), executions.GetProperty("percent_used").GetDouble()));
        Assert.Equal(1_000_000, usage.GetProperty("rate_limit").GetProperty("requests_per_minute").GetInt32());
    }

    [Fact]
    public async Task Without_limits_usage_and_me_still_give_numbers_a_client_can_divide_by()
    {
        await using var unlimited = await ServerHarness.StartAsync(s => s with { ActiveCueLimit = null, MonthlyExecutionLimit = null });
        var (_, key) = await unlimited.RegisterTenantAsync();

        using var usage = await GetJsonAsync("/v1/usage", key, unlimited);
        using var me = await GetJsonAsync("/v1/auth/me", key, unlimited);

        Assert.Equal(int.MaxValue, usage.RootElement.GetProperty("executions").GetProperty("limit").GetInt32());
        Assert.Equal(int.MaxValue, usage.RootElement.GetProperty("cues").GetProperty("limit").GetInt32());
        Assert.Equal(0.0, usage.RootElement.GetProperty("executions").GetProperty("percent_used").GetDouble());
        Assert.Equal(int.MaxValue, me.RootElement.GetProperty("monthly_execution_limit").GetInt32());
        Assert.Equal(int.MaxValue, me.RootElement.GetProperty("active_cue_limit").GetInt32());
    }

    [Fact]
    public async Task A_callback_host_that_cannot_be_resolved_at_save_is_accepted_with_a_warning()
    {
        var client = await _server.NewTenantAsync();

        var cue = await client.CreateCueAsync(WebhookDeliveryTests.WebhookCue(new Uri("https://split-dns.internal.test/hook")), Ct);

        Assert.Contains("could not be resolved", cue.Warning, StringComparison.Ordinal);
        Assert.Contains("callback.url", cue.Warning, StringComparison.Ordinal);
        Assert.Equal("https://split-dns.internal.test/hook", (await client.GetCueAsync(cue.Id, ct: Ct)).Callback!.Url);
    }

    [Theory]
    [InlineData("https://localhost/hook")]
    [InlineData("https://api.localhost/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://[::1]/hook")]
    public async Task Literal_private_addresses_and_localhost_are_still_refused_at_save(string url)
    {
        var client = await _server.NewTenantAsync();

        await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, "invalid_callback_url",
            () => client.CreateCueAsync(WebhookDeliveryTests.WebhookCue(new Uri(url)), Ct));

        Assert.Equal(0, (await client.ListCuesAsync(ct: Ct)).Total);
    }

    private async Task<JsonDocument> GetJsonAsync(string path, string apiKey, ServerHarness? server = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", apiKey);
        using var response = await (server ?? _server).Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
    }
}

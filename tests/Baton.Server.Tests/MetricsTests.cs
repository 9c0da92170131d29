using System.Net;
using System.Net.Http.Headers;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Core.Observability;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// <c>/metrics</c> as Prometheus scrapes it: a thousand task names stay under the label cap, and a scrape from
/// another machine needs the metrics token (the scripted workload's counts: <see cref="MetricsOnBothStoresTests"/>).
/// </summary>
[Collection(nameof(BatonMeterCollection))]
public sealed class MetricsTests : IAsyncLifetime
{
    private const string MetricsToken = "scrape-secret-0123456789";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string _queue = "metrics-" + Guid.NewGuid().ToString("N")[..8];
    private ServerHarness _server = null!;
    private BatonClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerHarness.StartAsync(
            s => s with { Time = _time, RunMaintenance = false, MetricsToken = MetricsToken },
            b => b.Services.AddSingleton<IStartupFilter>(new RemoteAddressFromHeader()));
        _client = await _server.NewTenantAsync();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_thousand_task_names_make_no_more_series_than_the_cap_allows()
    {
        await _client.EnqueueBatchAsync(
            [.. Enumerable.Range(0, 1000).Select(i => new EnqueueExecutionRequest { Queue = _queue, Task = $"task-{i}" })],
            Ct);

        var series = (await ScrapeAsync()).Lines("baton_executions_enqueued_total").ToList();

        Assert.Equal(1000, series.Sum(PrometheusScrape.Value));
        Assert.Equal(BatonMetrics.TaskLabelCap + 1, series.Count);
        Assert.Single(series, s => s.Contains("task=\"other\"", StringComparison.Ordinal));
        Assert.Equal(1000 - BatonMetrics.TaskLabelCap, PrometheusScrape.Value(series.Single(s => s.Contains("task=\"other\"", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_scrape_from_another_machine_is_refused_without_the_metrics_token_and_answered_with_it()
    {
        using var remote = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseUrl, "/metrics"));
        remote.Headers.Add(RemoteAddressFromHeader.Header, "203.0.113.7");
        using var refused = await _server.Http.SendAsync(remote, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("metrics_forbidden", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseUrl, "/metrics"));
        wrong.Headers.Add(RemoteAddressFromHeader.Header, "203.0.113.7");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        using var wrongAnswer = await _server.Http.SendAsync(wrong, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, wrongAnswer.StatusCode);

        using var authorized = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseUrl, "/metrics"));
        authorized.Headers.Add(RemoteAddressFromHeader.Header, "203.0.113.7");
        authorized.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MetricsToken);
        using var answered = await _server.Http.SendAsync(authorized, Ct);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        // Loopback needs no token.
        using var local = await _server.Http.GetAsync(new Uri(_server.BaseUrl, "/metrics"), Ct);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    private async Task<PrometheusScrape> ScrapeAsync() => await PrometheusScrape.ReadAsync(_server, _queue, Ct);
}

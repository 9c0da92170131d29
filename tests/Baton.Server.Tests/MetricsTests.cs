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
/// <c>/metrics</c> as Prometheus scrapes it: the counters and histograms match a scripted workload exactly, a
/// thousand task names stay under the label cap, and a scrape from another machine needs the metrics token.
/// Other servers in this process share the <c>Baton</c> meter name, so each test reads only its own queue's series.
/// </summary>
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
    public async Task A_scrape_after_a_scripted_workload_counts_exactly_what_happened()
    {
        var batch = await _client.EnqueueBatchAsync(
            [.. Enumerable.Range(0, 50).Select(i => new EnqueueExecutionRequest
            {
                Queue = _queue, Task = "build", MaxAttempts = 2, BackoffSeconds = [60],
            })],
            Ct);
        var ids = batch.Executions.Select(e => e.Id).ToList();

        foreach (var id in ids[..40]) await RunAsync(id, success: true);
        foreach (var id in ids[40..47]) await RunAsync(id, success: false);
        _time.Advance(TimeSpan.FromMinutes(2)); // past the backoff: the second and last attempts
        foreach (var id in ids[40..47]) await RunAsync(id, success: false);
        foreach (var id in ids[47..]) await _client.CancelAsync(id, ct: Ct);

        var scrape = await ScrapeAsync();

        Assert.Equal(50, Sum(scrape, "baton_executions_enqueued_total"));
        Assert.Equal(40 + 7 * 2, Sum(scrape, "baton_executions_claimed_total"));
        Assert.Equal(40, Sum(scrape, "baton_executions_finished_total", "status=\"success\""));
        Assert.Equal(7, Sum(scrape, "baton_executions_finished_total", "status=\"failed\""));
        Assert.Equal(3, Sum(scrape, "baton_executions_finished_total", "status=\"cancelled\""));
        Assert.Equal(50, Sum(scrape, "baton_executions_finished_total"));
        Assert.Equal(7, Sum(scrape, "baton_executions_retried_total"));
        Assert.Equal(3, Sum(scrape, "baton_executions_cancelled_total"));
        Assert.Equal(0, Sum(scrape, "baton_executions_rescued_total"));
        // One wait per claim, one run time per outcome.
        Assert.Equal(54, Sum(scrape, "baton_execution_wait_duration_seconds_count"));
        Assert.Equal(54, Sum(scrape, "baton_execution_run_duration_seconds_count"));
        // First attempts were claimed at once; the second ones became due after their 60 s backoff and were claimed
        // two minutes after the failure: their wait is counted from when they were due, 60 s.
        Assert.Equal(47, Sum(scrape, "baton_execution_wait_duration_seconds_bucket", "le=\"30\""));
        Assert.Equal(54, Sum(scrape, "baton_execution_wait_duration_seconds_bucket", "le=\"60\""));
    }

    [Fact]
    public async Task A_thousand_task_names_make_no_more_series_than_the_cap_allows()
    {
        await _client.EnqueueBatchAsync(
            [.. Enumerable.Range(0, 1000).Select(i => new EnqueueExecutionRequest { Queue = _queue, Task = $"task-{i}" })],
            Ct);

        var series = Lines(await ScrapeAsync(), "baton_executions_enqueued_total").ToList();

        Assert.Equal(1000, series.Sum(Value));
        Assert.Equal(BatonMetrics.TaskLabelCap + 1, series.Count);
        Assert.Single(series, s => s.Contains("task=\"other\"", StringComparison.Ordinal));
        Assert.Equal(1000 - BatonMetrics.TaskLabelCap, Value(series.Single(s => s.Contains("task=\"other\"", StringComparison.Ordinal))));
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

    private async Task RunAsync(Guid id, bool success)
    {
        var claim = await _client.ClaimByIdAsync(id, new ClaimByIdRequest { WorkerId = "w" }, Ct);
        await _client.RecordOutcomeAsync(id,
            success ? new RecordOutcomeRequest { Success = true } : new RecordOutcomeRequest { Success = false, Error = "boom" },
            "w", claim.ClaimToken, Ct);
    }

    private async Task<string> ScrapeAsync() =>
        await _server.Http.GetStringAsync(new Uri(_server.BaseUrl, "/metrics"), Ct);

    /// <summary>This test's series of <paramref name="metric"/> (its queue only), optionally with one more label.</summary>
    private IEnumerable<string> Lines(string scrape, string metric, string? label = null) =>
        scrape.Split('\n').Where(l =>
            l.StartsWith(metric + "{", StringComparison.Ordinal) &&
            l.Contains($"queue=\"{_queue}\"", StringComparison.Ordinal) &&
            (label is null || l.Contains(label, StringComparison.Ordinal)));

    private double Sum(string scrape, string metric, string? label = null) => Lines(scrape, metric, label).Sum(Value);

    /// <summary>The sample value: after the closing brace of the labels, before an optional timestamp.</summary>
    private static double Value(string line) =>
        double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}

using System.Net;
using Baton.Client;
using Baton.Worker.Daemon;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Worker.Tests;

/// <summary>A 429 is the server answering "slow down", not an outage, and the worker's log says so.</summary>
public sealed class RateLimitedLogTests
{
    [Fact]
    public void A_429_is_logged_as_rate_limited_with_the_wait_and_not_as_an_unreachable_server()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var time = new FakeTimeProvider();
        var outage = new ServerOutage(new WorkerLog(output, error, time), time);
        var limited = new BatonApiException(HttpStatusCode.TooManyRequests, "rate_limit_exceeded", "Too many requests.", null, null,
            TimeSpan.FromSeconds(17));

        var wait = outage.Failed("claim", limited, limited.RetryAfter);

        Assert.Equal(TimeSpan.FromSeconds(17), wait);
        Assert.Contains("rate limited (claim), retrying in 17 s", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("unreachable", error.ToString(), StringComparison.Ordinal);
        Assert.False(outage.IsDown);
    }

    [Fact]
    public void An_unreachable_server_is_still_reported_as_an_outage_once()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var time = new FakeTimeProvider();
        var outage = new ServerOutage(new WorkerLog(output, error, time), time);

        outage.Failed("claim", new HttpRequestException("Connection refused"));
        outage.Failed("claim", new HttpRequestException("Connection refused"));

        Assert.True(outage.IsDown);
        Assert.Single(error.ToString().Split('\n'), l => l.Contains("the server is unreachable", StringComparison.Ordinal));
    }
}

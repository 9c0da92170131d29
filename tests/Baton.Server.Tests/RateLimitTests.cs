using System.Globalization;
using System.Net;
using Baton.Contracts;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Baton.Server.Tests;

public sealed class RateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_while_other_keys_are_unaffected()
    {
        // A fake clock 40 s into a minute: the window cannot roll over mid-test, and its reset is known exactly.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 40, TimeSpan.Zero));
        await using var server = await ServerHarness.StartAsync(s => s with { RateLimitPerMinute = 3, Time = time });
        var (client, apiKey) = await server.RegisterTenantAsync();
        var other = await server.NewTenantAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/auth/me");
        request.Headers.Authorization = new("Bearer", apiKey);
        using var first = await server.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("3", Header(first, WireHeaders.RateLimitLimit));
        Assert.Equal("2", Header(first, WireHeaders.RateLimitRemaining));
        var reset = new DateTimeOffset(2026, 3, 1, 12, 1, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Equal(reset.ToString(CultureInfo.InvariantCulture), Header(first, WireHeaders.RateLimitReset));

        await client.GetMeAsync(Ct);
        await client.ListExecutionsAsync(ct: Ct);
        var limited = await ApiAssert.FailsAsync(HttpStatusCode.TooManyRequests, "rate_limit_exceeded", () => client.GetMeAsync(Ct));
        Assert.Equal(TimeSpan.FromSeconds(20), limited.RetryAfter);

        Assert.NotNull(await other.GetMeAsync(Ct));
    }

    private static string Header(HttpResponseMessage response, string name) => Assert.Single(response.Headers.GetValues(name));
}

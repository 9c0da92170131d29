using System.Net;
using Xunit;

namespace Baton.Server.Tests;

public sealed class AuthTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Register_me_and_regenerate_then_the_old_key_answers_key_rotated()
    {
        var registered = await _server.Anonymous.RegisterAsync("Ada@Example.com", Ct);
        Assert.Equal("ada@example.com", registered.Email);
        var client = _server.Anonymous.WithApiKey(registered.ApiKey);

        var me = await client.GetMeAsync(Ct);
        Assert.Equal(("ada@example.com", "self_hosted", 1_000_000), (me.Email, me.Plan, me.RateLimitPerMinute));
        Assert.StartsWith(me.ApiKeyPrefix, registered.ApiKey, StringComparison.Ordinal);

        var regenerated = await client.RegenerateKeyAsync(Ct);
        Assert.True(regenerated.PreviousKeyRevoked);
        Assert.NotEqual(registered.ApiKey, regenerated.ApiKey);

        await ApiAssert.FailsAsync(HttpStatusCode.Unauthorized, "key_rotated", () => client.GetMeAsync(Ct));
        var renewed = await _server.Anonymous.WithApiKey(regenerated.ApiKey).GetMeAsync(Ct);
        Assert.Equal("ada@example.com", renewed.Email);
    }

    [Fact]
    public async Task Missing_unknown_and_duplicate_credentials_are_refused()
    {
        await ApiAssert.FailsAsync(HttpStatusCode.Unauthorized, "invalid_api_key", () => _server.Anonymous.GetMeAsync(Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.Unauthorized, "invalid_api_key",
            () => _server.Anonymous.WithApiKey("bt_not-a-real-key").ListExecutionsAsync(ct: Ct));

        await _server.Anonymous.RegisterAsync("twice@example.com", Ct);
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "duplicate_email",
            () => _server.Anonymous.RegisterAsync("TWICE@example.com", Ct));

        var (_, apiKey) = await _server.RegisterTenantAsync();
        using var unconfirmed = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/key/regenerate");
        unconfirmed.Headers.Authorization = new("Bearer", apiKey);
        using var response = await _server.Http.SendAsync(unconfirmed, Ct);
        await ServiceEndpointTests.AssertEnvelopeAsync(response, HttpStatusCode.BadRequest, "confirmation_required");
        Assert.NotNull(await _server.Anonymous.WithApiKey(apiKey).GetMeAsync(Ct));
    }

    [Fact]
    public async Task Registration_can_be_switched_off()
    {
        await using var closed = await ServerHarness.StartAsync(s => s with { RegistrationEnabled = false });
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "not_found", () => closed.Anonymous.RegisterAsync("x@example.com", Ct));

        var firstKey = await BatonServerHost.EnsureFirstTenantAsync(closed.App, Ct);
        Assert.NotNull(firstKey);
        Assert.Equal("admin@localhost", (await closed.Anonymous.WithApiKey(firstKey).GetMeAsync(Ct)).Email);
        Assert.Null(await BatonServerHost.EnsureFirstTenantAsync(closed.App, Ct));
    }
}

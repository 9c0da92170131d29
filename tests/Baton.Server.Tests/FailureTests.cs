using System.Diagnostics;
using System.Net;
using Baton.Contracts.Executions;
using Baton.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Baton.Server.Tests;

public sealed class FailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_store_failure_its_driver_does_not_call_an_outage_is_a_500_that_reveals_nothing()
    {
        await using var server = await ServerHarness.StartAsync(
            s => s with { RunMaintenance = false },
            builder => builder.Services.AddSingleton(UnreachableStore.Create()));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/executions");
        request.Headers.Authorization = new("Bearer", "bt_any-key");
        using var response = await server.Http.SendAsync(request, Ct);
        await ServiceEndpointTests.AssertEnvelopeAsync(response, HttpStatusCode.InternalServerError, "internal_error");
        Assert.DoesNotContain("unreachable", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var status = await server.Anonymous.GetStatusAsync(Ct);
        Assert.Equal("down", status.Status);
        var health = await server.Anonymous.GetHealthAsync(Ct);
        Assert.Equal(("degraded", "error", "disabled", null), (health.Status, health.Services.Database, health.Services.Scheduler, health.Queue));
    }

    [Fact]
    public async Task Stopping_the_server_returns_parked_claims_at_once()
    {
        var server = await ServerHarness.StartAsync();
        try
        {
            var client = await server.NewTenantAsync();
            var claim = client.TryClaimAsync(new ClaimExecutionsRequest { WorkerId = "w", WaitSeconds = 60 }, Ct);
            await Task.Delay(500, Ct);
            Assert.False(claim.IsCompleted, "the claim should be parked");

            var clock = Stopwatch.StartNew();
            await server.App.StopAsync(Ct);
            Assert.Null(await claim);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"shutdown took {clock.Elapsed} with a parked claim");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_new_data_directory_is_created_and_migrated_at_start_up()
    {
        await using var server = await ServerHarness.StartAsync();
        Assert.Equal(0, await server.Service<IBatonStore>().CountTenantsAsync(Ct));
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, BatonServerHost.DatabaseFileName)));
    }
}

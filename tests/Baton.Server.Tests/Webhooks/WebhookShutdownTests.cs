using Baton.Core.Executions;
using Baton.Core.Storage;
using Baton.Core.Tenants;
using Baton.Server.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Baton.Server.Tests.Webhooks;

/// <summary>A stopping server claims nothing more, lets sends in flight finish, and hands back what it cut short.</summary>
public sealed class WebhookShutdownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_send_in_flight_at_shutdown_finishes_and_its_outcome_is_recorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200);
        receiver.Delay = TimeSpan.FromMilliseconds(700);
        await using var server = await ServerHarness.StartAsync(s => s with { AllowPrivateCallbacks = true });
        var (client, tenant) = await NewTenantAsync(server);
        var cue = await client.CreateCueAsync(WebhookDeliveryTests.WebhookCue(receiver.Url), Ct);

        var fired = await client.FireCueAsync(cue.Id, ct: Ct);
        await receiver.WaitForAsync(1);
        await server.App.StopAsync(Ct);

        var e = await server.Service<IBatonStore>().GetExecutionAsync(new GetExecutionParams(tenant, fired.Id), Ct);
        Assert.Equal((ExecutionStatus.Success, 200), (e!.Status, e.HttpStatus));
    }

    [Fact]
    public async Task A_send_still_hanging_when_the_grace_period_ends_is_released_without_using_its_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200);
        receiver.Delay = TimeSpan.FromMinutes(5);
        await using var server = await ServerHarness.StartAsync(
            s => s with { AllowPrivateCallbacks = true },
            b => b.Services.AddSingleton(new WebhookSettings { AllowPrivateCallbacks = true, ShutdownGrace = TimeSpan.FromMilliseconds(300) }));
        var (client, tenant) = await NewTenantAsync(server);
        var cue = await client.CreateCueAsync(WebhookDeliveryTests.WebhookCue(receiver.Url), Ct);

        var fired = await client.FireCueAsync(cue.Id, ct: Ct);
        await receiver.WaitForAsync(1);
        var stopping = DateTime.UtcNow;
        await server.App.StopAsync(Ct);

        Assert.True(DateTime.UtcNow - stopping < TimeSpan.FromSeconds(10));
        var e = await server.Service<IBatonStore>().GetExecutionAsync(new GetExecutionParams(tenant, fired.Id), Ct);
        Assert.Equal((ExecutionStatus.Pending, 0, null), (e!.Status, e.Attempts, e.ClaimToken));
    }

    private static async Task<(Baton.Client.BatonClient Client, string TenantId)> NewTenantAsync(ServerHarness server)
    {
        var (client, apiKey) = await server.RegisterTenantAsync();
        var key = await server.Service<IBatonStore>().FindApiKeyAsync(new FindApiKeyParams(ApiKeys.Hash(apiKey)), Ct);
        return (client, key!.TenantId);
    }
}

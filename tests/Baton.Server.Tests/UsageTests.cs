using System.Net;
using Baton.Contracts.Executions;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Baton.Server.Tests.CueTestKit;

namespace Baton.Server.Tests;

/// <summary><c>GET /v1/usage</c>, the numbers of <c>/v1/auth/me</c>, and the active-cue limit.</summary>
public sealed class UsageTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero));
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await ServerHarness.StartAsync(s => s with
        {
            Time = _time,
            RunMaintenance = false,
            ActiveCueLimit = 2,
            MonthlyExecutionLimit = 5000,
        });

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Usage_counts_this_calendar_months_executions_and_the_active_cues()
    {
        var client = await _server.NewTenantAsync();
        await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "march" }, Ct);
        _time.Advance(TimeSpan.FromHours(2)); // 2026-04-01T01:00Z: a new month
        await client.EnqueueBatchAsync([new() { Task = "april" }, new() { Task = "april" }], Ct);
        await client.CreateCueAsync(OnDemandCue("one"), Ct);
        var paused = await client.CreateCueAsync(OnDemandCue("two"), Ct);
        await client.PauseCueAsync(paused.Id, Ct);
        await (await _server.NewTenantAsync()).EnqueueAsync(new EnqueueExecutionRequest { Task = "other" }, Ct);

        var usage = await client.GetUsageAsync(Ct);
        Assert.Equal((2L, 5000, 4998L), (usage.Executions.Used, usage.Executions.Limit, usage.Executions.Remaining));
        Assert.Equal((1L, 2, 1L, 50.0), (usage.Cues.Used, usage.Cues.Limit, usage.Cues.Remaining, usage.Cues.PercentUsed));
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), usage.Period.Start);
        Assert.Equal(1_000_000, usage.RateLimit.RequestsPerMinute);

        var me = await client.GetMeAsync(Ct);
        Assert.Equal((1, 2, 2L), (me.ActiveCues, me.ActiveCueLimit, me.ExecutionsThisMonth));
    }

    [Fact]
    public async Task Creating_or_resuming_a_cue_past_the_active_cue_limit_is_403_and_stores_nothing()
    {
        var client = await _server.NewTenantAsync();
        await client.CreateCueAsync(OnDemandCue("one"), Ct);
        var two = await client.CreateCueAsync(OnDemandCue("two"), Ct);

        await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, "cue_limit_exceeded",
            () => client.CreateCueAsync(OnDemandCue("three"), Ct));
        Assert.Equal(2, (await client.ListCuesAsync(ct: Ct)).Total);

        // Paused cues do not count; resuming one that would pass the limit is refused like a create.
        await client.PauseCueAsync(two.Id, Ct);
        var three = await client.CreateCueAsync(OnDemandCue("three"), Ct);
        await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, "cue_limit_exceeded", () => client.ResumeCueAsync(two.Id, Ct));
        Assert.Equal("paused", (await client.GetCueAsync(two.Id, ct: Ct)).Status);

        // The limit is per tenant, and a cue that stays paused can still be edited.
        await (await _server.NewTenantAsync()).CreateCueAsync(OnDemandCue("one"), Ct);
        await client.UpdateCueAsync(two.Id, new() { Description = "later" }, Ct);
        await client.DeleteCueAsync(three.Id, Ct);
        Assert.Equal("active", (await client.ResumeCueAsync(two.Id, Ct)).Status);
    }
}

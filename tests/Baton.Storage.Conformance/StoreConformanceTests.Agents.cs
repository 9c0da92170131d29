using Baton.Core;
using Baton.Core.Messaging;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    protected async Task<Agent> CreateAgentAsync(string slug, string tenantId = TenantA, string? webhookUrl = null) =>
        await Store.CreateAgentAsync(
            new CreateAgentParams(tenantId, "agt_" + Ids.RandomToken(12), slug, slug.ToUpperInvariant(), webhookUrl,
                webhookUrl is null ? null : "whsec_test", """{"team":"x"}""", Now), Ct);

    [Fact]
    public async Task An_agent_is_found_by_id_and_by_slug_only_within_its_tenant()
    {
        var agent = await CreateAgentAsync("reviewer");

        Assert.Equal(agent, await Store.GetAgentAsync(new GetAgentParams(TenantA, Id: agent.Id), Ct));
        Assert.Equal(agent, await Store.GetAgentAsync(new GetAgentParams(TenantA, Slug: "reviewer"), Ct));
        Assert.Null(await Store.GetAgentAsync(new GetAgentParams(TenantB, Id: agent.Id), Ct));
        Assert.Null(await Store.GetAgentAsync(new GetAgentParams(TenantB, Slug: "reviewer"), Ct));
        Assert.Equal(AgentStatuses.Offline, agent.Status);
        Assert.Equal("""{"team":"x"}""", agent.MetadataJson.Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slug_names_one_live_agent_per_tenant_and_is_free_again_after_a_delete()
    {
        var first = await CreateAgentAsync("builder");
        var taken = await Assert.ThrowsAsync<BatonException>(() => CreateAgentAsync("builder"));
        Assert.Equal("agent_slug_taken", taken.Code);
        await CreateAgentAsync("builder", TenantB); // another tenant's slugs are its own

        Assert.True(await Store.DeleteAgentAsync(new DeleteAgentParams(TenantA, first.Id, Now), Ct));
        Assert.False(await Store.DeleteAgentAsync(new DeleteAgentParams(TenantA, first.Id, Now), Ct));
        var second = await CreateAgentAsync("builder");

        Assert.Equal(second.Id, (await Store.GetAgentAsync(new GetAgentParams(TenantA, Slug: "builder"), Ct))!.Id);
        Assert.Null(await Store.GetAgentAsync(new GetAgentParams(TenantA, Id: first.Id), Ct));
        var deleted = await Store.GetAgentAsync(new GetAgentParams(TenantA, Id: first.Id, IncludeDeleted: true), Ct);
        Assert.NotNull(deleted!.DeletedAt);
    }

    [Fact]
    public async Task Listing_agents_filters_by_status_and_hides_deleted_ones_unless_asked()
    {
        var a = await CreateAgentAsync("a");
        Time.Advance(TimeSpan.FromSeconds(1));
        var b = await CreateAgentAsync("b");
        Time.Advance(TimeSpan.FromSeconds(1));
        await CreateAgentAsync("c");
        await Store.UpdateAgentAsync(new UpdateAgentParams(TenantA, a.Id) { Status = AgentStatuses.Online, Now = Now }, Ct);
        await Store.DeleteAgentAsync(new DeleteAgentParams(TenantA, b.Id, Now), Ct);

        var live = await Store.ListAgentsAsync(new ListAgentsParams(TenantA), Ct);
        var all = await Store.ListAgentsAsync(new ListAgentsParams(TenantA) { IncludeDeleted = true, Limit = 2, Offset = 1 }, Ct);
        var online = await Store.ListAgentsAsync(new ListAgentsParams(TenantA) { Status = AgentStatuses.Online }, Ct);

        Assert.Equal(["a", "c"], live.Items.Select(x => x.Slug));
        Assert.Equal(2, live.Total);
        Assert.Equal(["b", "c"], all.Items.Select(x => x.Slug));
        Assert.Equal(3, all.Total);
        Assert.Equal(["a"], online.Items.Select(x => x.Slug));
    }

    [Fact]
    public async Task Updating_an_agent_changes_only_the_fields_given_and_clearing_the_url_drops_its_secret()
    {
        var agent = await CreateAgentAsync("pusher", webhookUrl: "https://example.com/hook");
        Time.Advance(TimeSpan.FromSeconds(5));

        var renamed = await Store.UpdateAgentAsync(new UpdateAgentParams(TenantA, agent.Id) { DisplayName = "Pusher 2", Now = Now }, Ct);
        var cleared = await Store.UpdateAgentAsync(new UpdateAgentParams(TenantA, agent.Id) { ClearWebhookUrl = true, Now = Now }, Ct);

        Assert.Equal(("Pusher 2", "https://example.com/hook", "whsec_test"), (renamed.DisplayName, renamed.WebhookUrl, renamed.WebhookSecret));
        Assert.Equal(Now, renamed.UpdatedAt);
        Assert.Equal(("Pusher 2", null, null), (cleared.DisplayName, cleared.WebhookUrl, cleared.WebhookSecret));
        var missing = await Assert.ThrowsAsync<BatonException>(() =>
            Store.UpdateAgentAsync(new UpdateAgentParams(TenantB, agent.Id) { DisplayName = "x" }, Ct));
        Assert.Equal("agent_not_found", missing.Code);
    }
}

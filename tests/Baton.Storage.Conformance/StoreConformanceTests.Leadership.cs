using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    private Task<bool> AcquireAsync(string node, IBatonStore? store = null) =>
        (store ?? Store).TryAcquireLeadershipAsync(
            new AcquireLeadershipParams("scheduler", node, TimeSpan.FromSeconds(15), Now), Ct);

    [Fact]
    public async Task One_node_holds_a_leadership_lease_until_it_lapses_then_another_takes_over()
    {
        var other = await OpenStoreAsync();
        Assert.True(await AcquireAsync("node-a"));
        Assert.False(await AcquireAsync("node-b", other));

        Time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await AcquireAsync("node-a")); // renewal pushes the expiry out again
        Time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(await AcquireAsync("node-b", other));

        Time.Advance(TimeSpan.FromSeconds(5)); // node-a stopped renewing: its lease has lapsed
        Assert.True(await AcquireAsync("node-b", other));
        Assert.False(await AcquireAsync("node-a"));
    }

    [Fact]
    public async Task A_resigned_leadership_lease_is_free_at_once()
    {
        Assert.True(await AcquireAsync("node-a"));
        await Store.ResignLeadershipAsync(new ResignLeadershipParams("scheduler", "node-b"), Ct);
        Assert.False(await AcquireAsync("node-b"));

        await Store.ResignLeadershipAsync(new ResignLeadershipParams("scheduler", "node-a"), Ct);
        Assert.True(await AcquireAsync("node-b"));
    }

    [Fact]
    public async Task Concurrent_candidates_elect_exactly_one_leader()
    {
        var stores = new List<IBatonStore>();
        for (var i = 0; i < 8; i++) stores.Add(await OpenStoreAsync());
        var wins = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => AcquireAsync("node-" + i, s), Ct)));
        Assert.Equal(1, wins.Count(w => w));
    }
}

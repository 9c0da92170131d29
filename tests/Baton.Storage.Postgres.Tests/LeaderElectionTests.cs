using System.Diagnostics;
using Baton.Core;
using Baton.Core.Maintenance;
using Baton.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Baton.Storage.Postgres.Tests;

public sealed class LeaderElectionTests(PostgresCluster cluster)
{
    [Fact]
    public async Task When_the_leader_stops_renewing_another_node_takes_over_within_the_ttl()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await cluster.CreateDatabaseAsync();
        try
        {
            var ttl = TimeSpan.FromSeconds(2);
            await using var storeA = PostgresStore.Open(new PostgresStoreOptions { ConnectionString = connectionString }, TimeProvider.System);
            await using var storeB = PostgresStore.Open(new PostgresStoreOptions { ConnectionString = connectionString }, TimeProvider.System);
            var a = new LeaderElection(storeA, new BatonOptions { NodeId = "a", LeaderLeaseTtl = ttl }, TimeProvider.System, NullLogger<LeaderElection>.Instance);
            using var b = new LeaderElection(storeB, new BatonOptions { NodeId = "b", LeaderLeaseTtl = ttl }, TimeProvider.System, NullLogger<LeaderElection>.Instance);

            var sinceAcquire = Stopwatch.StartNew(); // a's lease runs from a moment after this, for ttl
            Assert.True(await a.TryLeadAsync(ct));
            await b.StartAsync(ct);
            await Task.Delay(ttl / 2, ct);
            Assert.False(b.IsLeader);

            // Node a "dies": it never renews again (no graceful resign). b must take over once the TTL lapses.
            var died = Stopwatch.StartNew();
            while (!b.IsLeader && died.Elapsed < ttl * 4) await Task.Delay(50, ct);
            Assert.True(b.IsLeader);
            Assert.True(sinceAcquire.Elapsed >= ttl, "b must not take over before a's lease lapsed");
            Assert.False(await a.TryLeadAsync(ct));

            await b.StopAsync(ct); // a graceful stop resigns at once
            Assert.True(await a.TryLeadAsync(ct));
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
        }
    }
}

using System.Diagnostics;
using Baton.Testing;
using Npgsql;
using Xunit;

namespace Baton.Storage.Postgres.Tests;

public sealed class PostgresNotifierTests(PostgresCluster cluster) : IAsyncLifetime
{
    private string _connectionString = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _connectionString = await cluster.CreateDatabaseAsync();

    public async ValueTask DisposeAsync() => await cluster.DropDatabaseAsync(_connectionString);

    private async Task<PostgresNotifier> StartAsync(string node)
    {
        var notifier = new PostgresNotifier(new PostgresStoreOptions { ConnectionString = _connectionString }, node);
        await notifier.Listening.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        return notifier;
    }

    [Fact]
    public async Task A_notify_on_one_node_wakes_a_watcher_on_another()
    {
        await using var a = await StartAsync("node-a");
        await using var b = await StartAsync("node-b");

        var elapsed = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var woken = b.Watch("claimable:t1");
            var other = b.Watch("claimable:t2");
            var clock = Stopwatch.StartNew();
            a.Notify("claimable:t1");
            await woken.WaitAsync(TimeSpan.FromSeconds(5), Ct);
            elapsed.Add(clock.Elapsed.TotalMilliseconds);
            Assert.False(other.IsCompleted);
        }

        // Not a timing assert: milliseconds rather than the safety interval is what shows it was the NOTIFY.
        Assert.True(elapsed.Order().ElementAt(elapsed.Count / 2) < 1000, "median wake-up " + elapsed.Order().ElementAt(10) + " ms");
    }

    [Fact]
    public async Task The_sending_node_wakes_its_own_watchers_without_a_round_trip()
    {
        await using var a = await StartAsync("node-a");
        var woken = a.Watch("execution:x");
        a.Notify("execution:x");
        Assert.True(woken.IsCompleted);
    }

    [Fact]
    public async Task A_dropped_listener_reconnects_wakes_everyone_here_and_hears_other_nodes_again()
    {
        await using var a = await StartAsync("node-a");
        await using var b = await StartAsync("node-b");
        var parked = b.Watch("claimable:t1");

        await using (var admin = new NpgsqlConnection(_connectionString))
        {
            await admin.OpenAsync(Ct);
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()",
                admin);
            await kill.ExecuteNonQueryAsync(Ct);
        }

        // The reconnect wakes parked waiters here, since notifications may have been missed meanwhile.
        await parked.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        // And cross-node wake-ups flow again.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var again = b.Watch("claimable:t9");
            a.Notify("claimable:t9");
            try
            {
                await again.WaitAsync(TimeSpan.FromMilliseconds(500), Ct);
                break;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                // The listener may still be reconnecting.
            }
        }
    }
}

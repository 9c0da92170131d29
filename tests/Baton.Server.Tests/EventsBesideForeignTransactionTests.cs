using System.Diagnostics;
using Baton.Client;
using Baton.Contracts.Events;
using Baton.Core.Events;
using Baton.Testing;
using Npgsql;
using Xunit;
using static Baton.Server.Tests.CueTestKit;

namespace Baton.Server.Tests;

/// <summary>
/// A long transaction in another database of the same PostgreSQL server holds back the cluster-wide
/// <c>pg_snapshot_xmin</c>. Nothing that follows Baton's event log may wait for it: long-polls, SSE subscribers and
/// the cue effects (here an <c>on_success_fire</c> chain) all see a just-recorded outcome at once.
/// </summary>
public sealed class EventsBesideForeignTransactionTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_of_a_just_recorded_outcome_reach_readers_while_a_stranger_holds_a_transaction_open()
    {
        var batonDatabase = await postgres.CreateDatabaseAsync();
        var strangerDatabase = await postgres.CreateDatabaseAsync();
        try
        {
            await using var server = await ServerHarness.StartAsync(s => s with
            {
                Store = StoreKind.Postgres,
                PostgresConnectionString = batonDatabase,
            });
            var client = await server.NewTenantAsync();
            var target = await client.CreateCueAsync(OnDemandCue("deploy"), Ct);
            var source = await client.CreateCueAsync(OnDemandCue("build") with { OnSuccessFire = target.Id }, Ct);

            // The stranger: another application's transaction, in its own database, with a transaction id, open
            // for 25 s unless the test ends first.
            await using var stranger = new NpgsqlConnection(strangerDatabase);
            await stranger.OpenAsync(Ct);
            await using var strangerTx = await stranger.BeginTransactionAsync(Ct);
            long strangerXid;
            await using (var hold = new NpgsqlCommand("CREATE TABLE t (x int); SELECT pg_current_xact_id()::text::bigint", stranger, strangerTx))
            {
                strangerXid = (long)(await hold.ExecuteScalarAsync(Ct))!;
            }

            await AssertTheStrangerHoldsTheClusterHorizonAsync(batonDatabase, strangerXid);

            // An SSE subscriber from the head of the log, before the work happens.
            var head = await client.ListEventsAsync(null, new EventQuery { Limit = 1000 }, ct: Ct);
            using var streaming = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            streaming.CancelAfter(TimeSpan.FromSeconds(20));
            var streamed = new List<EventResponse>();
            var subscriber = Task.Run(async () =>
            {
                await foreach (var e in client.StreamEventsAsync(head.NextCursor, ct: streaming.Token))
                {
                    lock (streamed) streamed.Add(e);
                    if (e.Type == EventTypes.ExecutionSucceeded) return;
                }
            }, Ct);

            var recorded = await FireClaimAndReportAsync(client, source.Id, Success());
            var clock = Stopwatch.StartNew();

            var page = await client.ListEventsAsync(null,
                new EventQuery { ExecutionId = recorded.ExecutionId }, waitSeconds: 20, ct: Ct);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the events took {clock.Elapsed}");
            Assert.Equal(
                [EventTypes.ExecutionCreated, EventTypes.ExecutionClaimed, EventTypes.ExecutionSucceeded],
                page.Events.Select(e => e.Type).Where(t => t.StartsWith("execution.", StringComparison.Ordinal)).ToArray());

            await subscriber;
            Assert.Contains(streamed, e => e.Type == EventTypes.ExecutionSucceeded && e.ExecutionId == recorded.ExecutionId);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the subscriber took {clock.Elapsed}");

            while (clock.Elapsed < TimeSpan.FromSeconds(10) &&
                   (await client.ListExecutionsAsync(new ExecutionListQuery { CueId = target.Id }, Ct)).Executions.Count == 0)
            {
                await Task.Delay(50, Ct);
            }

            var chained = await client.ListExecutionsAsync(new ExecutionListQuery { CueId = target.Id }, Ct);
            Assert.Equal("chain", Assert.Single(chained.Executions).TriggeredBy);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the chain fired after {clock.Elapsed}");

            // Still open: what was read above was not read after the stranger ended.
            await AssertTheStrangerHoldsTheClusterHorizonAsync(batonDatabase, strangerXid);
            await strangerTx.RollbackAsync(Ct);
        }
        finally
        {
            await postgres.DropDatabaseAsync(batonDatabase);
            await postgres.DropDatabaseAsync(strangerDatabase);
        }
    }

    /// <summary>The oldest running transaction, seen from Baton's database, is the stranger's (or older).</summary>
    private static async Task AssertTheStrangerHoldsTheClusterHorizonAsync(string batonDatabase, long strangerXid)
    {
        await using var c = new NpgsqlConnection(batonDatabase);
        await c.OpenAsync(Ct);
        await using var horizon = new NpgsqlCommand("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", c);
        Assert.True((long)(await horizon.ExecuteScalarAsync(Ct))! <= strangerXid);
    }
}

using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Core.Events;
using Baton.Testing;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// After a 2xx, an event read on the same node includes that change's event: no reader has to poll for what it
/// has just been told happened. Checked 200 times in a row while other writers keep the log busy.
/// </summary>
public sealed class ReadYourWritesTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task An_event_read_right_after_a_2xx_includes_its_event_beside_concurrent_writers(StoreKind kind)
    {
        var connectionString = kind == StoreKind.Postgres ? await postgres.CreateDatabaseAsync() : null;
        try
        {
            await using var server = await ServerHarness.StartAsync(s => s with
            {
                Store = kind,
                PostgresConnectionString = connectionString,
            });
            var client = await server.NewTenantAsync();
            var others = await server.NewTenantAsync();

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var e = await (w % 2 == 0 ? client : others).EnqueueAsync(new EnqueueExecutionRequest { Task = "busy" + w }, CancellationToken.None);
                    await (w % 2 == 0 ? client : others).ClaimByIdAsync(e.Execution.Id,
                        new ClaimByIdRequest { WorkerId = "busy" + w }, CancellationToken.None);
                }
            }, Ct)).ToArray();

            var misses = new List<string>();
            for (var i = 0; i < 200; i++)
            {
                var enqueued = await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "mine" }, Ct);
                var id = enqueued.Execution.Id;
                if (!await SeesAsync(client, id, EventTypes.ExecutionCreated)) misses.Add($"{i}: created of {id}");

                var claim = await client.ClaimByIdAsync(id, new ClaimByIdRequest { WorkerId = "me" }, Ct);
                await client.RecordOutcomeAsync(id, new RecordOutcomeRequest { Success = true }, "me", claim.ClaimToken, Ct);
                if (!await SeesAsync(client, id, EventTypes.ExecutionSucceeded)) misses.Add($"{i}: succeeded of {id}");
            }

            await stop.CancelAsync();
            await Task.WhenAll(writers);
            Assert.Empty(misses);
        }
        finally
        {
            if (connectionString is not null) await postgres.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<bool> SeesAsync(BatonClient client, Guid executionId, string type)
    {
        var page = await client.ListEventsAsync(null, new EventQuery { ExecutionId = executionId }, ct: Ct);
        return page.Events.Any(e => e.Type == type);
    }
}

using System.Diagnostics;
using System.Net;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Core.Storage;
using Baton.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// A store that cannot be used for now (here a SQLite file whose write lock another process holds) is answered
/// 503 <c>store_unavailable</c> with <c>Retry-After</c>, never 500; <c>/health</c> says degraded; the server serves
/// again by itself once the store is back; and the client retries what is safe to repeat.
/// </summary>
public sealed class StoreOutageTests : IAsyncLifetime
{
    private readonly string _databasePath =
        Path.Combine(Path.GetTempPath(), "baton-outage-tests", Guid.NewGuid().ToString("N"), "baton.db");

    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await ServerHarness.StartAsync(s => s with { RunMaintenance = false }, b =>
            b.Services.AddSingleton<IBatonStore>(_ => SqliteStore.Open(
                new SqliteStoreOptions { DatabasePath = _databasePath, BusyTimeout = TimeSpan.FromMilliseconds(200) },
                TimeProvider.System)));

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_databasePath)!, recursive: true);
    }

    /// <summary>Another process's write transaction on the file, held until disposed.</summary>
    private async Task<SqliteConnection> LockTheFileAsync()
    {
        var other = new SqliteConnection($"Data Source={_databasePath};Pooling=False");
        await other.OpenAsync(Ct);
        await using var begin = other.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync(Ct);
        return other;
    }

    [Fact]
    public async Task A_locked_database_is_a_503_store_unavailable_with_Retry_After_and_degraded_health_until_it_returns()
    {
        var (_, key) = await _server.RegisterTenantAsync();
        HttpRequestMessage Enqueue() => new(HttpMethod.Post, "/v1/executions")
        {
            Headers = { Authorization = new("Bearer", key) },
            Content = JsonContent("""{"task":"t"}"""),
        };

        await using (await LockTheFileAsync())
        {
            using var request = Enqueue();
            using var response = await _server.Http.SendAsync(request, Ct);
            await ServiceEndpointTests.AssertEnvelopeAsync(response, HttpStatusCode.ServiceUnavailable, "store_unavailable");
            Assert.NotNull(response.Headers.RetryAfter?.Delta);

            var health = await _server.Anonymous.GetHealthAsync(Ct);
            Assert.Equal(("degraded", "error"), (health.Status, health.Services.Database));
        }

        // The lock is gone: the server serves again without being restarted.
        using var again = Enqueue();
        using var served = await _server.Http.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.Created, served.StatusCode);
    }

    [Fact]
    public async Task The_client_retries_an_idempotent_write_through_an_outage_and_does_not_repeat_one_without_a_key()
    {
        var client = await _server.NewTenantAsync();
        var locked = await LockTheFileAsync();
        var clock = Stopwatch.StartNew();

        // Without a key a repeat could enqueue twice: the client gives the 503 back at once.
        var refused = await Assert.ThrowsAsync<BatonApiException>(() =>
            client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t" }, Ct));
        Assert.Equal(("store_unavailable", HttpStatusCode.ServiceUnavailable), (refused.Code, refused.Status));

        // With a key the client keeps trying; the lock is released meanwhile and the write lands once.
        var keyed = client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t", IdempotencyKey = "k1" }, Ct);
        await Task.Delay(1000, Ct);
        Assert.False(keyed.IsCompleted);
        await locked.DisposeAsync();
        var enqueued = await keyed;
        Assert.True(enqueued.Created);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");

        // Reads are retried too (here they work at once); the one keyed write is there.
        var listed = await client.ListExecutionsAsync(new ExecutionListQuery(), Ct);
        Assert.Equal([enqueued.Execution.Id], listed.Executions.Select(e => e.Id));
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

using System.Net.Http.Json;
using Baton.Contracts.Executions;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// A caller that leaves while its request is parked (a worker stopped with SIGTERM, a client that timed out) is an
/// expected end: the server logs no error for it, and the work stays claimable.
/// </summary>
public sealed class CallerLeftTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_that_leaves_while_its_claim_is_parked_makes_the_server_log_no_error()
    {
        var logs = new RecordedLogs();
        await using var server = await ServerHarness.StartAsync(configure: b => b.Logging.AddProvider(logs));
        var (client, key) = await server.RegisterTenantAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);

        foreach (var (path, body) in new (string, object?)[]
                 {
                     ("/v1/executions/claim", new { worker_id = "leaver", task = "nothing", wait_seconds = 30 }),
                     ("/v1/executions/claim", new { worker_id = "leaver", tasks = new[] { "a", "b" }, limit = 4, wait_seconds = 30 }),
                 })
        {
            using var leave = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.PostAsJsonAsync(path, body, leave.Token));
        }

        var pending = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "later" }, Ct)).Execution.Id;
        using (var leave = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.GetAsync($"/v1/executions/{pending}?wait=30", leave.Token));
        }

        // The server notices a closed connection on its own time; give it that, then look at what it logged.
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Equal("pending", (await client.GetExecutionAsync(pending, Ct)).Status);
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary>Durability: a 2xx for an enqueue means committed, also across <c>kill -9</c> of the server.</summary>
public sealed class ServeDurabilityTests
{
    private const int Acknowledged = 200;
    private const int Writers = 16;

    [Fact]
    public async Task Every_acknowledged_enqueue_survives_SIGKILL_and_a_restart_on_the_same_data_directory()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        using var http = new HttpClient();
        var acknowledged = new ConcurrentDictionary<Guid, string>();
        string apiKey;

        await using (var first = await BatonProcess.ServeAsync(data.Path, "--rate-limit", "100000"))
        {
            apiKey = first.PrintedApiKey ?? throw new InvalidOperationException("the first start printed no API key");
            var client = new BatonClient(http, await first.WaitForReadyAsync(), apiKey);

            // Many writers keep enqueuing while the server is killed, so the kill lands among in-flight writes, and on
            // SQLite their enqueues share group commits: a 2xx must mean that its flush committed.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var writers = Enumerable.Range(0, Writers)
                .Select(w => EnqueueUntilStoppedAsync(client, w, acknowledged, stop.Token)).ToList();
            while (acknowledged.Count < Acknowledged) await Task.Delay(5, ct);

            await first.KillHardAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using var second = await BatonProcess.ServeAsync(data.Path, "--rate-limit", "100000");
        Assert.Null(second.PrintedApiKey);
        var again = new BatonClient(http, await second.WaitForReadyAsync(), apiKey);

        Assert.True(acknowledged.Count >= Acknowledged);
        foreach (var (id, title) in acknowledged)
        {
            var execution = await again.GetExecutionAsync(id, ct);
            Assert.Equal(title, execution.Title);
            Assert.Equal("pending", execution.Status);
        }
    }

    /// <summary>Records an execution only after its 2xx; stops at the first failure (the server was killed).</summary>
    private static async Task EnqueueUntilStoppedAsync(
        BatonClient client, int writer, ConcurrentDictionary<Guid, string> acknowledged, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var title = $"durable-{writer}-{i}";
            EnqueuedExecution enqueued;
            try
            {
                enqueued = await client.EnqueueAsync(new EnqueueExecutionRequest
                {
                    Title = title,
                    Task = "durability",
                    Payload = JsonSerializer.SerializeToElement(new { writer, i }),
                }, stop);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                return;
            }

            Assert.True(enqueued.Created);
            acknowledged[enqueued.Execution.Id] = title;
        }
    }
}

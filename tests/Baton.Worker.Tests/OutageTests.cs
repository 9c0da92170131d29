using System.Net;
using System.Net.Sockets;
using Baton.Client;
using Baton.Testing;

namespace Baton.Worker.Tests;

/// <summary>A server that goes away and comes back: the worker says so once, backs off, and carries on.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task An_outage_is_reported_once_not_per_retry_and_work_resumes_when_the_server_returns()
    {
        using var data = new TempDirectory();
        var url = $"http://127.0.0.1:{FreePort()}";
        string apiKey;
        await using (var first = await BatonProcess.ServeAtAsync(url, data.Path))
        {
            apiKey = first.PrintedApiKey!;
            await first.TerminateAsync();
            Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        var config = Path.Combine(data.Path, "worker.yaml");
        File.WriteAllText(config, $"""
            api_key: {apiKey}
            api_base: {url}
            worker_id: patient
            heartbeat_interval: 1
            handlers:
              a: echo back
            """);
        await using var worker = BatonProcess.Start("worker", "--config", config);
        await worker.WaitForStdoutAsync(l => l.Contains("Baton worker patient started", StringComparison.Ordinal), WorkerScenario.Patience);
        // Several claims and heartbeats fail meanwhile (back-off starts at 1 s).
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(1, CountLines(worker.Stderr, "the server is unreachable"));

        await using var second = await BatonProcess.ServeAtAsync(url, data.Path);
        await worker.WaitForStdoutAsync(l => l.Contains("the server answers again", StringComparison.Ordinal), WorkerScenario.Patience);
        using var http = new HttpClient();
        var client = new BatonClient(http, new Uri(url), apiKey);
        var enqueued = await client.EnqueueAsync(new Baton.Contracts.Executions.EnqueueExecutionRequest { Task = "a" }, TestContext.Current.CancellationToken);
        var done = await client.WaitForExecutionAsync(enqueued.Execution.Id, WorkerScenario.Patience, TestContext.Current.CancellationToken);

        Assert.Equal("success", done.Status);
        Assert.Equal("back", done.Outcome!.Result);
        Assert.Equal(1, CountLines(worker.Stderr, "the server is unreachable"));
    }

    private static int CountLines(string text, string fragment) =>
        text.Split('\n').Count(l => l.Contains(fragment, StringComparison.Ordinal));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

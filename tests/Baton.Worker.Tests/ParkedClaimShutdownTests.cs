using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Testing;

namespace Baton.Worker.Tests;

/// <summary>
/// A worker stopped with SIGTERM while its claim is parked, as a newcomer stops one with Ctrl-C: the real
/// <c>baton serve</c> sees its caller leave, an expected end, and logs no failure for it.
/// </summary>
public sealed class ParkedClaimShutdownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_stopped_with_SIGTERM_while_its_claim_is_parked_makes_the_server_log_no_fail_entries()
    {
        using var data = new TempDirectory();
        using var http = new HttpClient();
        // A server of its own: its log holds this worker's requests and nothing else.
        await using var serve = await BatonProcess.ServeAsync(data.Path);
        var url = await serve.WaitForReadyAsync();
        var key = serve.PrintedApiKey!;
        var client = new BatonClient(http, url, key);
        var config = Path.Combine(data.Path, "worker.yaml");
        await File.WriteAllTextAsync(config, "handlers:\n  ping: echo pong\n", Ct);
        await using var worker = BatonProcess.StartWithEnvironment(
            new Dictionary<string, string> { ["BATON_URL"] = url.ToString(), ["BATON_API_KEY"] = key }, "worker", "--config", config);

        // One task done shows the claim loop is talking to this server; its next claim then parks, with nothing to take.
        var ping = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "ping" }, Ct)).Execution.Id;
        Assert.Equal("success", (await client.WaitForExecutionAsync(ping, WorkerScenario.Patience, Ct)).Status);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);

        await worker.TerminateAsync();
        Assert.Equal(0, await worker.WaitForExitAsync(WorkerScenario.Patience));
        // The server notices the closed connection on its own time; then it stops, flushing its log.
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        await serve.TerminateAsync();
        Assert.Equal(0, await serve.WaitForExitAsync(WorkerScenario.Patience));

        Assert.Contains("Baton stopped.", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Stderr, StringComparison.Ordinal);
    }
}

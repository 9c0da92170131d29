using System.Diagnostics;
using System.Net;
using Baton.Client;
using Baton.Contracts.Executions;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>Zero-poll waiting for an execution or a whole run (issue: await and events).</summary>
public sealed class AwaitTests : IAsyncLifetime
{
    private ServerHarness _server = null!;
    private BatonClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerHarness.StartAsync();
        _client = await _server.NewTenantAsync();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<ClaimResponse> EnqueueAndClaimAsync(string task = "t", string? runId = null)
    {
        var e = await _client.EnqueueAsync(new EnqueueExecutionRequest { Task = task, RunId = runId }, Ct);
        return await _client.ClaimByIdAsync(e.Execution.Id, new ClaimByIdRequest { WorkerId = "w" }, Ct);
    }

    [Fact]
    public async Task An_awaiting_caller_returns_within_milliseconds_of_the_outcome()
    {
        var latencies = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var claim = await EnqueueAndClaimAsync();
            var waiter = _client.WaitForExecutionAsync(claim.ExecutionId, TimeSpan.FromSeconds(30), Ct);
            await Task.Delay(20, Ct); // let it park
            Assert.False(waiter.IsCompleted);

            await _client.RecordOutcomeAsync(claim.ExecutionId, new RecordOutcomeRequest { Success = true, Result = "ok" },
                "w", claim.ClaimToken, Ct);
            var answered = Stopwatch.StartNew();
            var done = await waiter.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            latencies.Add(answered.Elapsed.TotalMilliseconds);
            Assert.Equal(("success", "ok"), (done.Status, done.Outcome!.Result));
        }

        latencies.Sort();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"outcome answered → awaiting caller answered: median {latencies[10]:F2} ms, max {latencies[^1]:F2} ms");
        Assert.True(latencies[^1] < 5000, "an awaiting caller should not wait for a safety re-check");
    }

    [Fact]
    public async Task Waiting_on_an_execution_that_is_not_finished_returns_its_current_state_at_the_timeout()
    {
        var e = await _client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t" }, Ct);
        var clock = Stopwatch.StartNew();
        var current = await _client.WaitForExecutionAsync(e.Execution.Id, TimeSpan.FromSeconds(1), Ct);
        Assert.Equal("pending", current.Status);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9));
    }

    [Fact]
    public async Task A_run_await_returns_only_after_the_last_execution_of_the_run_is_terminal()
    {
        var claims = new List<ClaimResponse>();
        for (var i = 0; i < 3; i++) claims.Add(await EnqueueAndClaimAsync(runId: "run-7"));
        await _client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t", RunId = "other-run" }, Ct);

        var waiter = _client.WaitForRunAsync("run-7", TimeSpan.FromSeconds(30), Ct);
        await _client.RecordOutcomeAsync(claims[0].ExecutionId, new RecordOutcomeRequest { Success = true }, "w", claims[0].ClaimToken, Ct);
        await _client.CancelAsync(claims[1].ExecutionId, new CancelExecutionRequest { Force = true }, ct: Ct);
        await Task.Delay(300, Ct);
        Assert.False(waiter.IsCompleted, "one execution of the run is still delivering");

        await _client.RecordOutcomeAsync(claims[2].ExecutionId, new RecordOutcomeRequest { Success = false, Error = "x", Retryable = false },
            "w", claims[2].ClaimToken, Ct);
        var run = await waiter.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.True(run.Done);
        Assert.Equal((3L, 1L, 1L, 1L), (run.Total, run.Counts.Success, run.Counts.Cancelled, run.Counts.Failed));

        var runs = await _client.ListRunsAsync(ct: Ct);
        Assert.Equal(2, runs.Total);
        Assert.Contains(runs.Runs, r => r.RunId == "run-7" && r.Done);
    }

    [Fact]
    public async Task After_cancel_the_claimers_heartbeat_is_told_and_awaiters_wake()
    {
        var claim = await EnqueueAndClaimAsync();
        var waiter = _client.WaitForExecutionAsync(claim.ExecutionId, TimeSpan.FromSeconds(30), Ct);

        await _client.CancelAsync(claim.ExecutionId, new CancelExecutionRequest { Force = true, Reason = "stop" }, ct: Ct);

        Assert.Equal("cancelled", (await waiter.WaitAsync(TimeSpan.FromSeconds(30), Ct)).Status);
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "execution_cancelled",
            () => _client.HeartbeatAsync(claim.ExecutionId, "w", claim.ClaimToken, ct: Ct));
        var events = await _client.ListEventsAsync(query: new EventQuery { ExecutionId = claim.ExecutionId }, ct: Ct);
        Assert.Equal("execution.cancelled", events.Events[^1].Type);
    }

    [Theory]
    [InlineData("/v1/executions/{id}?wait=61", 422)]
    [InlineData("/v1/executions/{id}?wait=-1", 422)]
    [InlineData("/v1/executions/{id}?wait=soon", 422)]
    [InlineData("/v1/runs/r1?wait=100", 422)]
    [InlineData("/v1/runs?limit=0", 422)]
    [InlineData("/v1/events?wait=61", 422)]
    [InlineData("/v1/events?since=not-a-cursor", 400)]
    [InlineData("/v1/events?sinse=1", 422)]
    [InlineData("/v1/events?type=execution.exploded", 422)]
    [InlineData("/v1/events?execution_id=nope", 422)]
    [InlineData("/v1/events?queue=bad%20queue", 422)]
    [InlineData("/v1/events/stream?since=not-a-cursor", 400)]
    [InlineData("/v1/events/stream?colour=blue", 422)]
    public async Task Bad_wait_cursor_or_filter_values_get_a_4xx_envelope(string path, int status)
    {
        var (_, key) = await _server.RegisterTenantAsync();
        var e = await _client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t" }, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, path.Replace("{id}", e.Execution.Id.ToString(), StringComparison.Ordinal));
        request.Headers.Authorization = new("Bearer", key);
        using var response = await _server.Http.SendAsync(request, Ct);

        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"error\"", body, StringComparison.Ordinal);
        Assert.Contains("\"code\"", body, StringComparison.Ordinal);
    }
}

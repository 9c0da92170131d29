using System.Collections.Concurrent;
using System.Diagnostics;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary><c>baton serve</c> stops gracefully on SIGTERM: waiting claims are answered, then the process exits 0.</summary>
public sealed class ServeShutdownTests
{
    private const int ParkedWaitSeconds = 30;

    /// <summary>Well under the claim's 30 s wait, with room for a loaded CI machine.</summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SIGTERM_answers_a_parked_claim_promptly_and_exits_with_code_0()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(ParkedWaitSeconds * 2) };
        await using var baton = await BatonProcess.ServeAsync(data.Path);
        var client = new BatonClient(http, await baton.WaitForReadyAsync(), baton.PrintedApiKey!);
        await client.GetMeAsync(ct);

        var parked = client.TryClaimAsync(
            new ClaimExecutionsRequest { WorkerId = "w1", WaitSeconds = ParkedWaitSeconds }, ct);
        // Give the request time to reach the server and park; nothing is claimable, so it would wait 30 s.
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        Assert.False(parked.IsCompleted);

        var stopwatch = Stopwatch.StartNew();
        await baton.TerminateAsync();

        // The claim gets a real answer (nothing claimed), not a dropped connection, and long before its wait ends.
        Assert.Null(await parked.WaitAsync(Promptly, ct));
        Assert.True(stopwatch.Elapsed < Promptly, $"the parked claim took {stopwatch.Elapsed} to return");

        Assert.Equal(0, await baton.WaitForExitAsync(Promptly));
        Assert.Contains("Baton stopped.", baton.Stderr);
    }

    [Fact]
    public async Task SIGTERM_under_load_answers_every_request_it_accepted_and_loses_no_acknowledged_enqueue()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        using var http = new HttpClient();
        var acknowledged = new ConcurrentDictionary<Guid, string>();
        var refusedWithAnError = new ConcurrentBag<BatonApiException>();
        string apiKey;
        await using (var first = await BatonProcess.ServeAsync(data.Path, "--rate-limit", "100000"))
        {
            apiKey = first.PrintedApiKey!;
            var client = new BatonClient(http, await first.WaitForReadyAsync(), apiKey);
            var writers = Enumerable.Range(0, 4)
                .Select(w => EnqueueUntilRefusedAsync(client, w, acknowledged, refusedWithAnError, ct)).ToList();
            while (acknowledged.Count < 50) await Task.Delay(5, ct);

            await first.TerminateAsync();

            // Requests in flight at the signal are answered; later ones find the listener closed. No writer hangs.
            await Task.WhenAll(writers).WaitAsync(Promptly, ct);
            Assert.Equal(0, await first.WaitForExitAsync(Promptly));
        }

        Assert.Empty(refusedWithAnError);
        await using var second = await BatonProcess.ServeAsync(data.Path, "--rate-limit", "100000");
        var again = new BatonClient(http, await second.WaitForReadyAsync(), apiKey);
        foreach (var (id, title) in acknowledged)
        {
            Assert.Equal(title, (await again.GetExecutionAsync(id, ct)).Title);
        }
    }

    [Fact]
    public async Task Work_acknowledged_before_SIGTERM_is_there_after_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        using var http = new HttpClient();
        Guid id;
        string apiKey;
        await using (var first = await BatonProcess.ServeAsync(data.Path))
        {
            apiKey = first.PrintedApiKey!;
            var client = new BatonClient(http, await first.WaitForReadyAsync(), apiKey);
            id = (await client.EnqueueAsync(new EnqueueExecutionRequest { Title = "before-stop" }, ct)).Execution.Id;
            await first.TerminateAsync();
            Assert.Equal(0, await first.WaitForExitAsync(Promptly));
        }

        await using var second = await BatonProcess.ServeAsync(data.Path);
        var again = new BatonClient(http, await second.WaitForReadyAsync(), apiKey);
        Assert.Equal("before-stop", (await again.GetExecutionAsync(id, ct)).Title);
    }

    /// <summary>Enqueues until the server stops taking connections; an error answer is collected, not expected.</summary>
    private static async Task EnqueueUntilRefusedAsync(
        BatonClient client, int writer, ConcurrentDictionary<Guid, string> acknowledged,
        ConcurrentBag<BatonApiException> errors, CancellationToken ct)
    {
        for (var i = 0; ; i++)
        {
            var title = $"graceful-{writer}-{i}";
            try
            {
                var enqueued = await client.EnqueueAsync(new EnqueueExecutionRequest { Title = title }, ct);
                acknowledged[enqueued.Execution.Id] = title;
            }
            catch (BatonApiException e)
            {
                errors.Add(e);
                return;
            }
            catch (HttpRequestException)
            {
                return;
            }
        }
    }
}

using System.Net;
using Baton.Client;

namespace Baton.Chaos;

/// <summary>
/// Calls any running node: a random one, and on an outage (connection refused, no answer in time, 503) the next,
/// until one answers or the patience runs out. The client's own retrying is off, so every answer is seen here.
/// </summary>
public sealed class NodeClients(ServerNodes nodes, HistoryLog history) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    // For the calls made once, outside the faults (creating the cue, reading the final state): nothing is down
    // then, so a slow answer is the machine's load, not an outage to move on from.
    private readonly HttpClient _patientHttp = new() { Timeout = TimeSpan.FromMinutes(2) };
    private int _outages;

    /// <summary>Answers that were an outage (503, refused, timed out): the faults were felt.</summary>
    public int Outages => _outages;

    public BatonClient For(int node) => new(_http, nodes.Url(node), nodes.ApiKey) { RetryFor = TimeSpan.Zero };

    /// <summary>A client for a call made while no fault is injected: it waits as long as a loaded machine needs.</summary>
    public BatonClient Patient(int node) => new(_patientHttp, nodes.Url(node), nodes.ApiKey) { RetryFor = TimeSpan.Zero };

    /// <summary>
    /// The first answer from any node, or default when none answered within <paramref name="patience"/>. A refusal
    /// other than an outage (4xx) is the caller's: it is thrown.
    /// </summary>
    public async Task<T?> CallAsync<T>(Func<BatonClient, Task<T?>> call, TimeSpan patience)
    {
        var giveUpAt = DateTimeOffset.UtcNow + patience;
        var node = Random.Shared.Next(nodes.Count);
        while (true)
        {
            try
            {
                return await call(For(node));
            }
            catch (BatonApiException e) when ((int)e.Status >= 500 && !IsOutage(e))
            {
                // Never expected: an outage is a 503. Recorded for the checker, then treated like an outage.
                history.Add(new HistoryEntry
                {
                    Op = HistoryOps.ServerError,
                    At = DateTimeOffset.UtcNow,
                    Detail = $"{(int)e.Status} {e.Code}: {e.Message}",
                });
                if (DateTimeOffset.UtcNow > giveUpAt) return default;
                await Task.Delay(100);
            }
            catch (Exception e) when (IsOutage(e))
            {
                Interlocked.Increment(ref _outages);
                if (DateTimeOffset.UtcNow > giveUpAt) return default;
                node = (node + 1) % nodes.Count;
                await Task.Delay(100);
            }
        }
    }

    public static bool IsOutage(Exception e) => e is HttpRequestException or TaskCanceledException
        || e is BatonApiException { Status: HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout };

    public void Dispose()
    {
        _http.Dispose();
        _patientHttp.Dispose();
    }
}

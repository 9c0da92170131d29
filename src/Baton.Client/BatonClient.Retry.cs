using System.Net;
using System.Net.Http.Headers;
using Baton.Contracts;

namespace Baton.Client;

public sealed partial class BatonClient
{
    /// <summary>
    /// How long a request that is safe to repeat keeps being retried while the server answers 503 (its database is
    /// unavailable, <c>store_unavailable</c>), waiting as its <c>Retry-After</c> says. Zero turns retrying off.
    /// Safe to repeat: reads, claims, heartbeats, and writes that carry an idempotency key or a claim token. A refused
    /// connection is not retried here: it usually means no server is running, which a command-line user wants to
    /// hear at once; long-running callers (the worker daemon) retry it in their own loop.
    /// </summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(2);

    /// <summary>Whether repeating the request cannot do anything twice that matters.</summary>
    private static bool IsSafeToRepeat(
        HttpMethod method, string path, IReadOnlyList<(string Name, string Value)>? headers, bool idempotent) =>
        idempotent ||
        method == HttpMethod.Get ||
        // A claim whose answer was lost leaves an execution delivering to nobody until its lease runs out: a delay,
        // never a loss or a double run. A heartbeat only extends a lease.
        path == "v1/executions/claim" || path.EndsWith("/claim", StringComparison.Ordinal) ||
        path.EndsWith("/heartbeat", StringComparison.Ordinal) ||
        // A write naming its claim applies at most once: a repeat of one that landed gets a definite 409.
        (headers?.Any(h => h.Name == WireHeaders.ClaimToken) ?? false);

    /// <summary>Sends the request, retrying outages as <see cref="RetryFor"/> says, and returns the last response.</summary>
    private async Task<HttpResponseMessage> SendWithRetryAsync(
        HttpMethod method, string path, HttpContent? content, IReadOnlyList<(string Name, string Value)>? headers,
        bool idempotent, CancellationToken ct)
    {
        var safe = IsSafeToRepeat(method, path, headers, idempotent);
        var body = content is null ? null : await content.ReadAsByteArrayAsync(ct);
        var started = DateTimeOffset.UtcNow;
        var backoff = FirstBackoff;
        while (true)
        {
            using var request = NewRequest(method, path, body is null ? null : Copy(body, content!.Headers), headers);
            var response = await _http.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || !safe) return response;
            var wait = response.Headers.RetryAfter?.Delta ?? backoff;
            if (DateTimeOffset.UtcNow - started + wait > RetryFor) return response;
            response.Dispose();

            await Task.Delay(wait < LongestBackoff ? wait : LongestBackoff, ct);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LongestBackoff.Ticks));
        }
    }

    private static ByteArrayContent Copy(byte[] body, HttpContentHeaders headers)
    {
        var copy = new ByteArrayContent(body);
        foreach (var (name, values) in headers) copy.Headers.TryAddWithoutValidation(name, values);
        return copy;
    }
}

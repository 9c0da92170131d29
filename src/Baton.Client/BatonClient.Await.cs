using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Baton.Contracts.Events;
using Baton.Contracts.Executions;
using Baton.Contracts.Runs;
using Baton.Contracts.Serialization;

namespace Baton.Client;

public sealed partial class BatonClient
{
    /// <summary>The server caps one long-poll at this; longer waits chain several.</summary>
    private const int MaxWaitSeconds = 60;

    private static readonly HashSet<string> TerminalStatuses = ["success", "failed", "missed", "cancelled"];

    /// <summary>
    /// Waits until the execution is terminal (success, failed, missed or cancelled) or <paramref name="timeout"/>
    /// passes, with server-side long-polls (<c>GET /v1/executions/{id}?wait=</c>) — no client polling loop.
    /// Returns the final state, or the current one at the timeout (check its <c>Status</c>).
    /// </summary>
    public async Task<ExecutionResponse> WaitForExecutionAsync(Guid id, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var wait = WaitSecondsUntil(deadline);
            var execution = await SendAsync(HttpMethod.Get, ExecutionPath(id) + QueryString(("wait", Number(wait))), null,
                BatonJson.Default.ExecutionResponse, null, ct);
            if (TerminalStatuses.Contains(execution.Status) || wait == 0 || DateTimeOffset.UtcNow >= deadline) return execution;
        }
    }

    /// <summary><c>GET /v1/runs/{run_id}</c>: the run's executions by status; <paramref name="waitSeconds"/> (≤ 60) long-polls until done.</summary>
    public Task<RunResponse> GetRunAsync(string runId, int? waitSeconds = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "v1/runs/" + Uri.EscapeDataString(runId) + QueryString(("wait", Number(waitSeconds))), null,
            BatonJson.Default.RunResponse, null, ct);

    /// <summary>
    /// Waits until every execution of the run is terminal or <paramref name="timeout"/> passes, chaining
    /// long-polls. Returns the final summary (<c>Done</c> true) or the current one at the timeout.
    /// </summary>
    public async Task<RunResponse> WaitForRunAsync(string runId, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var wait = WaitSecondsUntil(deadline);
            var run = await GetRunAsync(runId, wait, ct);
            if (run.Done || wait == 0 || DateTimeOffset.UtcNow >= deadline) return run;
        }
    }

    /// <summary><c>GET /v1/runs</c>: runs with activity, the most recently active first.</summary>
    public Task<RunListResponse> ListRunsAsync(int? limit = null, int? offset = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "v1/runs" + QueryString(("limit", Number(limit)), ("offset", Number(offset))), null,
            BatonJson.Default.RunListResponse, null, ct);

    /// <summary>
    /// <c>GET /v1/events</c>: events after <paramref name="since"/> (null: the oldest kept), waiting up to
    /// <paramref name="waitSeconds"/> when there are none. Pass <c>NextCursor</c> back as <paramref name="since"/>.
    /// </summary>
    public Task<EventListResponse> ListEventsAsync(
        string? since = null, EventQuery? query = null, int? waitSeconds = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "v1/events" + EventQueryString(since, query, waitSeconds), null,
            BatonJson.Default.EventListResponse, null, ct);

    /// <summary>
    /// Follows the event stream (<c>GET /v1/events/stream</c>, Server-Sent Events) until <paramref name="ct"/> is
    /// cancelled. A dropped connection is reopened with <c>Last-Event-ID</c> set to the last event received, so
    /// nothing is missed or repeated. Start after <paramref name="since"/> (a cursor), or from the oldest kept event.
    /// </summary>
    public async IAsyncEnumerable<EventResponse> StreamEventsAsync(
        string? since = null, EventQuery? query = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var lastId = since;
        var retry = TimeSpan.FromMilliseconds(100);
        while (!ct.IsCancellationRequested)
        {
            HttpResponseMessage? response = null;
            try
            {
                using var request = NewRequest(HttpMethod.Get, "v1/events/stream" + EventQueryString(null, query, null), null, null);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                if (lastId is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", lastId);
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                await ThrowIfErrorAsync(response, ct);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
            {
                response?.Dispose();
                response = null;
            }

            if (response is not null)
            {
                using (response)
                {
                    retry = TimeSpan.FromMilliseconds(100);
                    await foreach (var (id, data) in ReadServerSentEventsAsync(response, ct))
                    {
                        var e = JsonSerializer.Deserialize(data, BatonJson.Default.EventResponse);
                        if (e is null) continue;
                        lastId = id ?? e.Cursor;
                        yield return e;
                    }
                }
            }

            // The stream ended or dropped: reconnect from the last event seen, backing off a little.
            try
            {
                await Task.Delay(retry, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    /// <summary>Parses <c>id:</c>/<c>data:</c> fields of a text/event-stream; comments and other fields are skipped.</summary>
    private static async IAsyncEnumerable<(string? Id, string Data)> ReadServerSentEventsAsync(
        HttpResponseMessage response, [EnumeratorCancellation] CancellationToken ct)
    {
        Stream stream;
        try
        {
            stream = await response.Content.ReadAsStreamAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            yield break;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? id = null;
        var data = new StringBuilder();
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(ct);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                yield break; // dropped: the caller reconnects with the last id
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            if (line is null) yield break;
            if (line.Length == 0)
            {
                if (data.Length > 0) yield return (id, data.ToString());
                id = null;
                data.Clear();
            }
            else if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                id = line[3..].TrimStart();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0) data.Append('\n');
                data.Append(line[5..].TrimStart());
            }
        }
    }

    private static string EventQueryString(string? since, EventQuery? q, int? waitSeconds) =>
        QueryString(
            ("since", since),
            ("execution_id", q?.ExecutionId?.ToString("D")),
            ("run_id", q?.RunId),
            ("cue_id", q?.CueId),
            ("queue", q?.Queue),
            ("type", q?.Types is { Count: > 0 } types ? string.Join(',', types) : null),
            ("limit", Number(q?.Limit)),
            ("wait", Number(waitSeconds)));

    private static int WaitSecondsUntil(DateTimeOffset deadline) =>
        (int)Math.Clamp(Math.Ceiling((deadline - DateTimeOffset.UtcNow).TotalSeconds), 0, MaxWaitSeconds);
}

using System.Diagnostics;
using Baton.Client;
using Baton.Contracts.Events;
using Baton.Contracts.Executions;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>The event log over HTTP: long-poll pages and Server-Sent Events.</summary>
public sealed class EventStreamTests : IAsyncLifetime
{
    private ServerHarness _server = null!;
    private BatonClient _client = null!;
    private string _key = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerHarness.StartAsync();
        (_client, _key) = await _server.RegisterTenantAsync();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>Each writer takes its own executions through enqueue → claim → outcome (three events each).</summary>
    private static Task WriteAsync(BatonClient client, int writers, int perWriter) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var e = await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "w" + w }, Ct);
                var claim = await client.ClaimByIdAsync(e.Execution.Id, new ClaimByIdRequest { WorkerId = "w" + w }, Ct);
                await client.RecordOutcomeAsync(claim.ExecutionId, new RecordOutcomeRequest { Success = true }, "w" + w, claim.ClaimToken, Ct);
            }
        }, Ct)));

    private static async Task<List<EventResponse>> StreamUntilAsync(BatonClient client, int count, string? since = null)
    {
        using var enough = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        enough.CancelAfter(TimeSpan.FromSeconds(60));
        var seen = new List<EventResponse>();
        await foreach (var e in client.StreamEventsAsync(since, ct: enough.Token))
        {
            seen.Add(e);
            if (seen.Count == count) break;
        }

        return seen;
    }

    private static async Task<List<EventResponse>> LongPollUntilAsync(BatonClient client, int count)
    {
        var seen = new List<EventResponse>();
        string? cursor = null;
        var clock = Stopwatch.StartNew();
        while (seen.Count < count && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var page = await client.ListEventsAsync(cursor, new EventQuery { Limit = 7 }, waitSeconds: 10, ct: Ct);
            seen.AddRange(page.Events);
            cursor = page.NextCursor;
        }

        return seen;
    }

    [Fact]
    public async Task Every_subscriber_sees_every_event_exactly_once_and_each_execution_in_order()
    {
        const int writers = 6, perWriter = 15, total = writers * perWriter * 3;
        var subscribers = Enumerable.Range(0, 3).Select(_ => StreamUntilAsync(_client, total))
            .Append(LongPollUntilAsync(_client, total)).ToList();
        await Task.Delay(200, Ct); // subscribers connect first, then the writers start

        await WriteAsync(_client, writers, perWriter);
        var results = await Task.WhenAll(subscribers);

        var everything = new List<EventResponse>();
        string? cursor = null;
        while ((await _client.ListEventsAsync(cursor, new EventQuery { Limit = 1000 }, ct: Ct)) is { Events.Count: > 0 } page)
        {
            everything.AddRange(page.Events);
            cursor = page.NextCursor;
        }

        Assert.Equal(total, everything.Count);
        foreach (var seen in results)
        {
            Assert.Equal(everything.Select(e => e.Id), seen.Select(e => e.Id));
            foreach (var perExecution in seen.GroupBy(e => e.ExecutionId))
            {
                Assert.Equal(["execution.created", "execution.claimed", "execution.succeeded"], perExecution.Select(e => e.Type).ToArray());
            }
        }
    }

    [Fact]
    public async Task A_stream_resumed_with_Last_Event_ID_misses_nothing_and_repeats_nothing()
    {
        await WriteAsync(_client, 1, 4); // 12 events
        var firstPart = await StreamUntilAsync(_client, 5);

        // The subscriber is gone; more happens meanwhile.
        await WriteAsync(_client, 2, 3); // 18 more

        // A raw reconnect as a browser EventSource does it: the header carries the last id it saw.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events/stream");
        request.Headers.Authorization = new("Bearer", _key);
        request.Headers.Add("Last-Event-ID", firstPart[^1].Cursor);
        using var response = await _server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        var ids = new List<string>();
        while (ids.Count < 25 && await reader.ReadLineAsync(Ct) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal)) ids.Add(line[4..]);
        }

        var all = await _client.ListEventsAsync(query: new EventQuery { Limit = 1000 }, ct: Ct);
        Assert.Equal(30, all.Events.Count);
        Assert.Equal(all.Events.Skip(5).Select(e => e.Cursor), ids);
    }

    [Fact]
    public async Task The_client_stream_picks_up_from_a_cursor()
    {
        await WriteAsync(_client, 1, 3);
        var all = (await _client.ListEventsAsync(ct: Ct)).Events;
        var rest = await StreamUntilAsync(_client, 4, since: all[4].Cursor);
        Assert.Equal(all.Skip(5).Select(e => e.Id), rest.Select(e => e.Id));
    }
}

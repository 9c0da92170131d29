using System.Text;
using System.Text.Json;
using Baton.Contracts.Events;
using Baton.Contracts.Serialization;
using Baton.Core;
using Baton.Core.Events;
using Baton.Core.Runs;
using Baton.Core.Storage;
using Baton.Server.Http;
using Baton.Server.Mapping;
using Baton.Server.Validation;

namespace Baton.Server.Endpoints;

/// <summary>The event stream: a cursor-paged long-poll and the same as Server-Sent Events.</summary>
internal static class EventEndpoints
{
    /// <summary>An idle SSE stream sends a comment this often, so proxies and clients know it is alive.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private static readonly HashSet<string> KnownParameters =
        new(["since", "execution_id", "run_id", "cue_id", "queue", "type", "limit", "wait"], StringComparer.Ordinal);

    public static void Map(RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/events").WithTags("Events");

        group.MapGet("", ListAsync)
            .Produces<EventListResponse>()
            .ProducesErrors(400, 401, 422, 429)
            .WithSummary("Events after ?since=CURSOR in stream order; ?wait=SECONDS (≤ 60) long-polls while there are none.");

        group.MapGet("/stream", StreamAsync)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesErrors(400, 401, 422, 429)
            .WithSummary("The same events as Server-Sent Events (id: = cursor); Last-Event-ID resumes without loss.");
    }

    private static async Task<IResult> ListAsync(HttpContext http, AwaitService awaits)
    {
        var errors = new RequestErrors();
        var (read, wait) = Parse(http, http.Request.Query["since"].LastOrDefault(), errors);
        errors.ThrowIfAny();

        using var scope = WaitScope.For(http);
        var page = await awaits.ReadEventsAsync(read, TimeSpan.FromSeconds(wait), scope.Token);
        return TypedResults.Json(new EventListResponse
        {
            Events = [.. page.Events.Select(e => e.ToResponse())],
            NextCursor = page.NextCursor,
        }, BatonJson.Default.EventListResponse);
    }

    internal static async Task StreamAsync(HttpContext http, AwaitService awaits, IEventStore store)
    {
        var errors = new RequestErrors();
        // A reconnecting EventSource sends the last id it saw; it wins over the ?since it was first opened with.
        var since = http.Request.Headers["Last-Event-ID"].LastOrDefault() is { Length: > 0 } last
            ? last
            : http.Request.Query["since"].LastOrDefault();
        var (read, _) = Parse(http, since, errors);
        errors.ThrowIfAny();
        // Check the cursor before the 200 goes out, so a bad one still gets a 400 envelope.
        await store.ReadEventsAsync(read with { Limit = 1 }, http.RequestAborted);

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx: do not buffer the stream
        await http.Response.Body.FlushAsync(http.RequestAborted);

        using var scope = WaitScope.For(http);
        var ct = scope.Token;
        var buffer = new StringBuilder();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var page = await awaits.ReadEventsAsync(read, KeepAlive, ct);
                buffer.Clear();
                if (page.Events.Count == 0)
                {
                    buffer.Append(": keep-alive\n\n");
                }

                foreach (var e in page.Events)
                {
                    buffer.Append("id: ").Append(e.Cursor).Append('\n')
                        .Append("event: ").Append(e.Type).Append('\n')
                        .Append("data: ").Append(JsonSerializer.Serialize(e.ToResponse(), BatonJson.Default.EventResponse))
                        .Append("\n\n");
                }

                await http.Response.WriteAsync(buffer.ToString(), ct);
                await http.Response.Body.FlushAsync(ct);
                read = read with { AfterCursor = page.NextCursor };
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left or the server is stopping: the stream simply ends; the client resumes by id.
        }
    }

    private static (ReadEventsParams Read, int Wait) Parse(HttpContext http, string? since, RequestErrors errors)
    {
        var query = http.Request.Query;
        foreach (var key in query.Keys)
        {
            if (!KnownParameters.Contains(key)) errors.Add(key, "is not a filter of the event stream.");
        }

        var q = new QueryParameters(query, errors);
        var limit = q.Int("limit", 100, 1, 1000);
        var wait = q.Int("wait", 0, 0, BatonOptions.MaxWaitSeconds);
        Guid? executionId = null;
        if (query["execution_id"].LastOrDefault() is { } rawId)
        {
            if (Guid.TryParse(rawId, out var id)) executionId = id;
            else errors.Add("execution_id", "must be a UUID.");
        }

        var types = q.List("type");
        foreach (var type in types.Where(t => !EventTypes.All.Contains(t)))
        {
            errors.Add("type", $"'{type}' is not an event type; known: {string.Join(", ", EventTypes.All)}.");
        }

        if (since is { Length: > 200 }) errors.Add("since", "is not a cursor this server handed out.");
        var filter = new EventFilter
        {
            ExecutionId = executionId,
            RunId = q.String("run_id", Limits.RunIdLength),
            CueId = q.String("cue_id", Limits.NameLength),
            Queue = q.Queue("queue"),
            Types = types,
        };
        return (new ReadEventsParams(http.TenantId(), since, filter, limit), wait);
    }
}

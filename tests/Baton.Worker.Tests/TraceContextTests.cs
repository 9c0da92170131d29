using System.Diagnostics;
using Baton.Client;
using Baton.Contracts.Cues;
using Baton.Contracts.Executions;
using Baton.Server;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Baton.Worker.Tests;

/// <summary>
/// Trace context travels with the work: an in-process server with tracing on exports its spans to an in-memory
/// exporter, a real <c>baton worker</c> process runs the handler, and the handler writes down the
/// <c>TRACEPARENT</c> it was given. One trace id must run from the enqueue through the claim and the handler to
/// the outcome; a scheduled cue fire starts a trace of its own.
/// </summary>
public sealed class TraceContextTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _scratch = new();
    private readonly List<Activity> _spans = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };
    private WebApplication _server = null!;
    private Uri _url = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var settings = new BatonServerSettings
        {
            Url = "http://127.0.0.1:0",
            DataDirectory = _data.Path,
            RateLimitPerMinute = 1_000_000,
            Tracing = true,
        };
        _server = BatonServerHost.Build(settings, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans));
        });
        await _server.StartAsync(Ct);
        _url = new Uri(_server.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _scratch.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task One_trace_id_links_the_enqueue_the_claim_the_handler_and_the_outcome()
    {
        var (apiKey, client) = await NewTenantAsync();
        var seen = Path.Combine(_scratch.Path, "traceparent.txt");

        // The orchestrator's own span: the client sends it as traceparent with the enqueue.
        ExecutionResponse enqueued;
        ActivityTraceId traceId;
        // Sampled (flag 01), as an orchestrator's SDK sends it: the server's parent-based sampler follows the caller.
        using (var orchestrator = new Activity("orchestrator") { ActivityTraceFlags = ActivityTraceFlags.Recorded }
                   .SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            traceId = orchestrator.TraceId;
            enqueued = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "traced" }, Ct)).Execution;
        }

        Assert.Equal(traceId, ActivityContext.Parse(enqueued.TraceParent!, null).TraceId);

        var config = Path.Combine(_scratch.Path, "worker.yaml");
        await File.WriteAllTextAsync(config, $"""
            api_key: {apiKey}
            api_base: {_url.AbsoluteUri.TrimEnd('/')}/v1
            worker_id: tracer
            heartbeat_interval: 1
            poll_interval: 1
            handlers:
              traced: printf '%s' "$TRACEPARENT" > '{seen}'
            """, Ct);
        await using var worker = BatonProcess.StartWithEnvironment(new Dictionary<string, string>(), "worker", "--config", config);
        var finished = await client.WaitForExecutionAsync(enqueued.Id, TimeSpan.FromSeconds(60), Ct);
        Assert.Equal("success", finished.Status);

        var handlerContext = ActivityContext.Parse(await File.ReadAllTextAsync(seen, Ct), null);
        Assert.Equal(traceId, handlerContext.TraceId);

        // The outcome request's server span ends last (after its "execution outcome" span and the response): wait for it.
        var outcomePath = $"/v1/executions/{enqueued.Id}/outcome";
        var spans = await SpansOfAsync(traceId, s => s.Kind == ActivityKind.Server && Tag(s, "url.path") == outcomePath);
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && Tag(s, "url.path") == "/v1/executions");
        Assert.Contains(spans, s => s.DisplayName == "execution claimed" && Tag(s, "baton.execution.id") == enqueued.Id.ToString("D"));
        Assert.Contains(spans, s => s.DisplayName == "execution outcome" && Tag(s, "baton.execution.status") == "success");
        // The worker's outcome request itself carried the trace: the client sent the worker's span as traceparent.
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && Tag(s, "url.path") == outcomePath);
    }

    [Fact]
    public async Task A_scheduled_cue_fire_starts_a_trace_of_its_own_that_its_execution_carries()
    {
        var (_, client) = await NewTenantAsync();
        ActivityTraceId creatorTrace;
        CueResponse cue;
        using (var creator = new Activity("creator").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            creatorTrace = creator.TraceId;
            cue = await client.CreateCueAsync(new CueRequest
            {
                Name = "traced-" + Guid.NewGuid().ToString("N")[..8],
                Schedule = new CueScheduleBody { Type = "once", At = DateTimeOffset.UtcNow.AddSeconds(2) },
                Transport = "worker",
                Task = "later",
            }, Ct);
        }

        ExecutionResponse? fired = null;
        var clock = Stopwatch.StartNew();
        while (fired is null && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            fired = (await client.ListExecutionsAsync(new ExecutionListQuery { CueId = cue.Id }, Ct)).Executions.FirstOrDefault();
            if (fired is null) await Task.Delay(200, Ct);
        }

        Assert.NotNull(fired);
        Assert.Equal("scheduled", fired.TriggeredBy);
        var context = ActivityContext.Parse(fired.TraceParent!, null);
        Assert.NotEqual(creatorTrace, context.TraceId);
        var spans = await SpansOfAsync(context.TraceId, s => s.DisplayName == "cue fire");
        var root = Assert.Single(spans, s => s.DisplayName == "cue fire");
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal(context.SpanId, root.SpanId);
    }

    private async Task<(string ApiKey, BatonClient Client)> NewTenantAsync()
    {
        var registered = await new BatonClient(_http, _url).RegisterAsync($"trace-{Guid.NewGuid():N}@example.com", Ct);
        return (registered.ApiKey, new BatonClient(_http, _url, registered.ApiKey));
    }

    /// <summary>The exported spans of <paramref name="traceId"/>, once one matching <paramref name="last"/> is in.</summary>
    private async Task<List<Activity>> SpansOfAsync(ActivityTraceId traceId, Func<Activity, bool> last)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var spans = Snapshot().Where(s => s is not null && s.TraceId == traceId).ToList();
            if (spans.Any(last) || clock.Elapsed > TimeSpan.FromSeconds(30)) return spans;
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>The exporter appends from the server's threads: a copy taken mid-append is taken again (or holds a gap).</summary>
    private Activity[] Snapshot()
    {
        while (true)
        {
            try
            {
                return [.. _spans];
            }
            catch (InvalidOperationException)
            {
                // The list grew while it was being copied.
            }
        }
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();
}

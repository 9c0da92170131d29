using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Baton.Server.Tests.Webhooks;

/// <summary>
/// A real HTTP receiver on Kestrel at a free loopback port. It records every request (method, path, headers, the
/// exact body bytes) and answers with the next scripted status (the last one repeats) and a short text body.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script;
    private readonly SemaphoreSlim _arrived = new(0);
    private int _last;

    private WebhookReceiver(WebApplication app, IEnumerable<int> statuses)
    {
        _app = app;
        _script = new ConcurrentQueue<int>(statuses);
        _last = 200;
    }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>How long the receiver thinks before it answers (a slow or hanging receiver).</summary>
    public TimeSpan Delay { get; set; }

    public Uri Url => new(_app.Urls.First() + "/hook");

    /// <summary>Starts a receiver that answers <paramref name="statuses"/> in turn, repeating the last.</summary>
    public static async Task<WebhookReceiver> StartAsync(params int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, statuses.Length == 0 ? [200] : statuses);
        app.Run(receiver.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return receiver;
    }

    /// <summary>Waits (real time) until <paramref name="count"/> requests have arrived in total.</summary>
    public async Task<ReceivedRequest[]> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (Requests.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left, TestContext.Current.CancellationToken))
            {
                Assert.Fail($"expected {count} webhook requests, got {Requests.Count}");
            }
        }

        return [.. Requests];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _arrived.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        if (_script.TryDequeue(out var status)) _last = status;
        else status = _last;

        // Recorded on arrival, so a test can see a request that is still waiting for its answer.
        Requests.Enqueue(new ReceivedRequest(http.Request.Method, http.Request.Path, headers, body.ToArray()));
        _arrived.Release();
        try
        {
            await Task.Delay(Delay, http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (http.Request.Path == "/redirect")
        {
            http.Response.StatusCode = 302;
            http.Response.Headers.Location = "/hook";
        }
        else
        {
            http.Response.StatusCode = status;
            await http.Response.WriteAsync($"receiver says {status}");
        }
    }
}

/// <summary>One request as it arrived.</summary>
internal sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string?[]> Headers, byte[] Body)
{
    public string Header(string name) => Assert.Single(Headers[name])!;
}

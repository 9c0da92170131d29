using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Baton.Dashboard.Tests;

/// <summary>The HTTP API as one tenant: how tests set up state and check what the dashboard changed.</summary>
public sealed class TenantApi : IDisposable
{
    private readonly HttpClient _http;

    public TenantApi(string baseUrl, string apiKey)
    {
        ApiKey = apiKey;
        _http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public string ApiKey { get; }

    public async Task<JsonObject> PostAsync(string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected || (expected == HttpStatusCode.OK && response.StatusCode == HttpStatusCode.Created),
            $"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
    }

    /// <summary><c>POST /v1/messages</c> from the agent <paramref name="fromAgent"/>.</summary>
    public async Task<JsonObject> SendMessageAsync(string fromAgent, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Cueapi-From-Agent", fromAgent);
        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST v1/messages: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonObject> GetAsync(string path)
    {
        var response = await _http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<HttpStatusCode> StatusOfGetAsync(string path) => (await _http.GetAsync(path)).StatusCode;

    public async Task<string> EnqueueAsync(string title, string? queue = null, string? runId = null, string? task = null)
    {
        var created = await PostAsync("v1/executions", new { title, queue, run_id = runId, task });
        return (string)created["id"]!;
    }

    /// <summary>Claims the next execution of <paramref name="queue"/> for <paramref name="worker"/>: (id, claim token).</summary>
    public async Task<(string Id, string Token)> ClaimAsync(string worker, string queue)
    {
        var claim = await PostAsync("v1/executions/claim", new { worker_id = worker, queue });
        return ((string)claim["execution_id"]!, (string)claim["claim_token"]!);
    }

    public async Task ReportAsync(string id, string worker, string token, bool success)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/executions/{id}/outcome")
        {
            Content = JsonContent.Create(new { success, result = success ? "done" : null, error = success ? null : "broke" }),
        };
        request.Headers.Add("X-Worker-Id", worker);
        request.Headers.Add("X-Claim-Token", token);
        var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonObject> ExecutionAsync(string id) => await GetAsync($"v1/executions/{id}");

    public async Task<string> CreateCueAsync(string name, string queue, string verification = "none")
    {
        var cue = await PostAsync("v1/cues", new
        {
            name,
            transport = "worker",
            queue,
            schedule = new { type = "recurring", cron = "0 9 * * 1-5", timezone = "Europe/Berlin" },
            payload = new { report = "daily" },
            verification = new { mode = verification },
        });
        return (string)cue["id"]!;
    }

    public async Task HeartbeatAsync(string worker, string state = "running") =>
        await PostAsync("v1/worker/heartbeat", new { worker_id = worker, handlers = new[] { "build", "report" }, state });

    public void Dispose() => _http.Dispose();
}

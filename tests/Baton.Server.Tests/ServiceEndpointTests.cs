using System.Net;
using System.Text.Json;
using Baton.Contracts;
using Baton.Contracts.Executions;
using Xunit;

namespace Baton.Server.Tests;

public sealed class ServiceEndpointTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Health_status_and_info_answer_without_a_key()
    {
        var health = await _server.Anonymous.GetHealthAsync(Ct);
        Assert.Equal(("healthy", "ok", "ok"), (health.Status, health.Services.Database, health.Services.Scheduler));
        Assert.NotNull(health.Queue);
        Assert.False(string.IsNullOrEmpty(health.Version));

        var status = await _server.Anonymous.GetStatusAsync(Ct);
        Assert.Equal("healthy", status.Status);

        var info = await _server.Anonymous.GetInfoAsync(Ct);
        Assert.Equal("sqlite", info.Store);
        Assert.False(string.IsNullOrEmpty(info.NodeId));
        Assert.Contains("batch_claims", info.Features);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoints_in_snake_case()
    {
        using var response = await _server.Http.GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/v1/executions", "/v1/executions/claim", "/v1/executions/{id}/heartbeat", "/v1/workers", "/health" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"the document lacks {path}");
        }

        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("ClaimExecutionsRequest").GetProperty("properties").TryGetProperty("worker_id", out _));
    }

    [Fact]
    public async Task Every_response_carries_a_request_id_and_echoes_a_sane_one()
    {
        using var generated = await _server.Http.GetAsync("/health", Ct);
        Assert.Matches("^[0-9a-f]{32}$", Single(generated, WireHeaders.RequestId));

        using var echoed = new HttpRequestMessage(HttpMethod.Get, "/v1/auth/me");
        echoed.Headers.Add(WireHeaders.RequestId, "trace-42.abc");
        using var unauthorized = await _server.Http.SendAsync(echoed, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("trace-42.abc", Single(unauthorized, WireHeaders.RequestId));

        using var insane = new HttpRequestMessage(HttpMethod.Get, "/health");
        insane.Headers.TryAddWithoutValidation(WireHeaders.RequestId, "no spaces <allowed>");
        using var replaced = await _server.Http.SendAsync(insane, Ct);
        Assert.Matches("^[0-9a-f]{32}$", Single(replaced, WireHeaders.RequestId));
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_answer_with_the_error_envelope()
    {
        using var missing = await _server.Http.GetAsync("/v1/nothing-here", Ct);
        await AssertEnvelopeAsync(missing, HttpStatusCode.NotFound, "not_found");

        using var wrongMethod = await _server.Http.DeleteAsync("/v1/executions", Ct);
        await AssertEnvelopeAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task An_execution_response_writes_every_key_with_nulls_and_utc_times()
    {
        var (client, apiKey) = await _server.RegisterTenantAsync();
        var enqueued = await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t" }, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/executions/{enqueued.Execution.Id}");
        request.Headers.Authorization = new("Bearer", apiKey);
        using var response = await _server.Http.SendAsync(request, Ct);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = document.RootElement;

        string[] keys =
        [
            "id", "cue_id", "scheduled_for", "status", "http_status", "attempts", "error_message", "started_at",
            "delivered_at", "last_attempt_at", "outcome", "created_at", "updated_at", "title", "queue", "task", "agent",
            "priority", "run_id", "tags", "payload", "max_attempts", "next_retry", "claimed_by_worker",
            "lease_expires_at", "last_heartbeat_at", "outcome_state", "evidence", "triggered_by", "replayed_from",
            "cancelled_at", "cancel_reason",
        ];
        foreach (var key in keys) Assert.True(root.TryGetProperty(key, out _), $"missing key {key}");
        Assert.Equal(JsonValueKind.Null, root.GetProperty("cue_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("outcome").ValueKind);
        Assert.EndsWith("Z", root.GetProperty("created_at").GetString(), StringComparison.Ordinal);
        Assert.Equal("api", root.GetProperty("triggered_by").GetString());
        Assert.Equal("pending", root.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_json_body_is_read_whatever_content_type_the_client_sent()
    {
        var (_, apiKey) = await _server.RegisterTenantAsync();
        foreach (var contentType in new[] { "application/x-www-form-urlencoded", "text/plain" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/executions")
            {
                Content = new StringContent("""{"task": "curl-default"}""", System.Text.Encoding.UTF8, contentType),
            };
            request.Headers.Authorization = new("Bearer", apiKey);
            using var response = await _server.Http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.GetValues(header));

    internal static async Task AssertEnvelopeAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal((int)status, error.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }
}

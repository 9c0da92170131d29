using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>Issue 4's bad cue bodies: each gets its documented 4xx, never a 5xx, and stores nothing.</summary>
public sealed class CueBadInputTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await ServerHarness.StartAsync(s => s with { Time = _time, RunMaintenance = false });

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    public static TheoryData<string, int, string> BadCreates => new()
    {
        { """{"name":"c","transport":"worker","schedule":{"type":"recurring","cron":"61 * * * *"}}""", 400, "invalid_schedule" },
        { """{"name":"c","transport":"worker","schedule":{"type":"recurring","cron":"every day"}}""", 400, "invalid_schedule" },
        { """{"name":"c","transport":"worker","schedule":{"type":"recurring"}}""", 400, "invalid_schedule" },
        { """{"name":"c","transport":"worker","schedule":{"type":"weekly","cron":"* * * * *"}}""", 400, "invalid_schedule" },
        { """{"name":"c","transport":"worker"}""", 400, "invalid_schedule" },
        { """{"name":"c","transport":"worker","schedule":{"type":"recurring","cron":"* * * * *","timezone":"Mars/Base"}}""", 422, "invalid_timezone" },
        { """{"name":"c","transport":"worker","schedule":{"type":"once","at":"2026-03-01T11:59:00Z"}}""", 400, "invalid_schedule" },
        { """{"name":"c","transport":"worker","schedule":{"type":"once"}}""", 400, "invalid_schedule" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"callback":{"url":"https://example.com/","method":"DELETE"}}""", 422, "validation_error" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"callback":{"url":"ftp://example.com/"}}""", 400, "invalid_callback_url" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"callback":{"url":"https://user:pw@example.com/"}}""", 400, "invalid_callback_url" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"payload":[1,2]}""", 400, "invalid_payload" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"payload":"text"}""", 400, "invalid_payload" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"retry":{"backoff_minutes":[]}}""", 422, "validation_error" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"retry":{"backoff_minutes":[1,-5]}}""", 422, "validation_error" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"retry":{"max_attempts":11}}""", 422, "validation_error" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"retry":{"max_attempts":0}}""", 422, "validation_error" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"catch_up":"sometimes"}""", 422, "validation_error" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"verification":{"mode":"vibes"}}""", 422, "validation_error" },
        { """{"name":"c","transport":"pigeon","schedule":{"type":"on_demand"}}""", 422, "validation_error" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"queue":"bad queue!"}""", 422, "validation_error" },
        { """{"transport":"worker","schedule":{"type":"on_demand"}}""", 422, "validation_error" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"priority":"high"}""", 422, "validation_error" },
        { """{"name":"c","transport":"worker","schedule":{"type":"on_demand"}""", 400, "invalid_json" },
        { """[1]""", 422, "validation_error" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task A_bad_cue_body_gets_its_documented_error_and_stores_nothing(string body, int status, string code)
    {
        var (client, apiKey) = await _server.RegisterTenantAsync();

        using var response = await SendAsync(apiKey, HttpMethod.Post, "/v1/cues", body);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains($"\"code\":\"{code}\"", (await response.Content.ReadAsStringAsync(Ct)).Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(0, (await client.ListCuesAsync(ct: Ct)).Total);
    }

    [Fact]
    public async Task A_payload_over_one_mebibyte_is_refused_and_stores_nothing()
    {
        var (client, apiKey) = await _server.RegisterTenantAsync();
        var big = new string('x', 1024 * 1024 + 10);

        using var response = await SendAsync(apiKey, HttpMethod.Post, "/v1/cues",
            """{"name":"c","transport":"worker","schedule":{"type":"on_demand"},"payload":{"blob":"X"}}""".Replace("X", big, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, (await client.ListCuesAsync(ct: Ct)).Total);
    }

    [Theory]
    [InlineData("""{"status":"completed"}""")]
    [InlineData("""{"schedule":{"cron":"nope"}}""")]
    [InlineData("""{"retry":{"backoff_minutes":[-1]}}""")]
    [InlineData("""{"next_run":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""{"name":""}""")]
    public async Task A_bad_patch_changes_nothing(string body)
    {
        var (client, apiKey) = await _server.RegisterTenantAsync();
        using var created = await SendAsync(apiKey, HttpMethod.Post, "/v1/cues",
            """{"name":"c","transport":"worker","schedule":{"type":"recurring","cron":"*/5 * * * *"}}""");
        var cue = Assert.Single((await client.ListCuesAsync(ct: Ct)).Cues);

        using var response = await SendAsync(apiKey, HttpMethod.Patch, "/v1/cues/" + cue.Id, body);

        Assert.InRange((int)response.StatusCode, 400, 499);
        var after = await client.GetCueAsync(cue.Id, ct: Ct);
        Assert.Equal((cue.Name, cue.Schedule.Cron, cue.Status), (after.Name, after.Schedule.Cron, after.Status));
        Assert.Equal(cue.Retry.BackoffMinutes, after.Retry.BackoffMinutes);
        Assert.Equal(cue.UpdatedAt, after.UpdatedAt);
    }

    [Theory]
    [InlineData("""{"payload_override":[1]}""")]
    [InlineData("""{"merge_strategy":"deep"}""")]
    [InlineData("""{"send_at":"tomorrow"}""")]
    public async Task A_bad_fire_is_refused_and_makes_no_execution(string body)
    {
        var (client, apiKey) = await _server.RegisterTenantAsync();
        using var created = await SendAsync(apiKey, HttpMethod.Post, "/v1/cues",
            """{"name":"c","transport":"worker","schedule":{"type":"on_demand"}}""");
        var cue = Assert.Single((await client.ListCuesAsync(ct: Ct)).Cues);

        using var response = await SendAsync(apiKey, HttpMethod.Post, $"/v1/cues/{cue.Id}/fire", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(0, (await client.ListExecutionsAsync(ct: Ct)).Total);
    }

    private async Task<HttpResponseMessage> SendAsync(string apiKey, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await _server.Http.SendAsync(request, Ct);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Baton.Client;
using Baton.Contracts.Cues;
using Baton.Contracts.Executions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Baton.Server.Tests.Webhooks;

/// <summary>
/// The webhook transport end to end: a real server (fake clock, <c>--allow-private-callbacks</c> so it may call a
/// loopback receiver) delivering to a real Kestrel receiver, checked by an independent verifier.
/// </summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private ServerHarness _server = null!;
    private BatonClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerHarness.StartAsync(s => s with { Time = _time, RunMaintenance = false, AllowPrivateCallbacks = true });
        _client = await _server.NewTenantAsync();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    internal static CueRequest WebhookCue(
        Uri url, string payloadJson = """{"task":"ping"}""", CueRetryBody? retry = null,
        Dictionary<string, string>? headers = null, string? method = null) => new()
        {
            Name = "hook-" + Guid.NewGuid().ToString("N")[..8],
            Schedule = new CueScheduleBody { Type = "on_demand" },
            Transport = "webhook",
            Callback = new CueCallbackBody { Url = url.ToString(), Method = method, Headers = headers },
            Payload = JsonDocument.Parse(payloadJson).RootElement,
            Retry = retry,
        };

    [Fact]
    public async Task A_delivery_is_signed_over_the_exact_bytes_sent_which_an_independent_python_style_verifier_reproduces()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200);
        var secret = (await _client.GetWebhookSecretAsync(Ct)).WebhookSecret;
        const string payload = """
            {"text": "caf\u00e9 \u2615 \ud83d\ude00 \u03a9", "n": 1.50, "big": 1e5, "int": 12345678901234567890,
             "nested": {"b": 1, "a": [true, null, "x/y"]}, "\uffff": 1, "\ud83d\ude00": 2, "ctl": "tab\t\"q\"\\", "z": -0}
            """;
        var cue = await _client.CreateCueAsync(WebhookCue(receiver.Url, payload, headers: new()
        {
            ["X-Team"] = "ops",
            ["x-cueapi-signature"] = "v1=forged",
            ["X-CueAPI-Attempt"] = "99",
            ["X-CueAPI-Timestamp"] = "1",
            ["User-Agent"] = "evil",
        }), Ct);

        var fired = await _client.FireCueAsync(cue.Id, ct: Ct);
        var request = (await receiver.WaitForAsync(1))[0];
        var done = await _client.WaitForExecutionAsync(fired.Id, TimeSpan.FromSeconds(15), Ct);

        // The verifier's own serialisation of what arrived is byte for byte what was sent, and its HMAC matches.
        var body = Encoding.UTF8.GetString(request.Body);
        Assert.Equal(body, IndependentVerifier.Reserialize(request.Body));
        var timestamp = request.Header("X-CueAPI-Timestamp");
        Assert.Equal(Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), timestamp);
        Assert.Equal(IndependentVerifier.Sign(secret, timestamp, body), request.Header("X-CueAPI-Signature"));

        // What CPython's json.dumps(payload, sort_keys=True) prints for the same payload (recorded once).
        Assert.Contains("""
            "payload": {"big": 100000.0, "ctl": "tab\t\"q\"\\", "int": 12345678901234567890, "n": 1.5, "nested": {"a": [true, null, "x/y"], "b": 1}, "text": "caf\u00e9 \u2615 \ud83d\ude00 \u03a9", "z": 0, "\uffff": 1, "\ud83d\ude00": 2}
            """, body, StringComparison.Ordinal);
        Assert.StartsWith($$"""{"attempt": 1, "cue_id": "{{cue.Id}}", "execution_id": "{{fired.Id}}", "name": "{{cue.Name}}", "payload": {""", body, StringComparison.Ordinal);

        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal(cue.Id, request.Header("X-CueAPI-Cue-Id"));
        Assert.Equal(fired.Id.ToString(), request.Header("X-CueAPI-Execution-Id"));
        Assert.Equal("1", request.Header("X-CueAPI-Attempt"));
        Assert.Equal(fired.ScheduledFor, DateTimeOffset.Parse(request.Header("X-CueAPI-Scheduled-For"), CultureInfo.InvariantCulture));
        Assert.StartsWith("Baton/", request.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal("ops", request.Header("X-Team"));

        Assert.Equal(("success", 200, 1), (done.Status, done.HttpStatus, done.Attempts));
        Assert.Equal("receiver says 200", done.Outcome!.Result);
    }

    [Fact]
    public async Task A_delivery_carries_the_trace_of_the_request_that_fired_it()
    {
        await using var traced = await ServerHarness.StartAsync(
            s => s with { Time = _time, RunMaintenance = false, AllowPrivateCallbacks = true, Tracing = true });
        var client = await traced.NewTenantAsync();
        await using var receiver = await WebhookReceiver.StartAsync(200);
        var forged = "00-" + new string('1', 32) + "-" + new string('2', 16) + "-01";
        var cue = await client.CreateCueAsync(WebhookCue(receiver.Url, headers: new() { ["traceparent"] = forged }), Ct);

        // The orchestrator's own span: the client sends it as traceparent with the fire.
        using var caller = new Activity("orchestrator").SetIdFormat(ActivityIdFormat.W3C).Start();
        var fired = await client.FireCueAsync(cue.Id, ct: Ct);
        caller.Stop();
        var request = (await receiver.WaitForAsync(1))[0];
        await client.WaitForExecutionAsync(fired.Id, TimeSpan.FromSeconds(15), Ct);

        // One traceparent, in the caller's trace (a cue's custom header cannot replace it).
        var sent = ActivityContext.Parse(request.Header("traceparent"), null);
        Assert.Equal(caller.TraceId, sent.TraceId);
    }

    [Fact]
    public async Task A_receiver_answering_500_twice_then_200_gets_three_attempts_at_the_configured_backoff()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 500, 200);
        var cue = await _client.CreateCueAsync(
            WebhookCue(receiver.Url, retry: new CueRetryBody { MaxAttempts = 3, BackoffMinutes = [1, 2] }), Ct);

        var fired = await _client.FireCueAsync(cue.Id, ct: Ct);
        await receiver.WaitForAsync(1);
        var first = await WebhookTestKit.EventuallyAsync(_client, fired.Id, e => e.Status == "retrying");
        Assert.Equal((500, "receiver says 500", Start.AddMinutes(1)), (first.HttpStatus, first.ErrorMessage, first.NextRetry));

        await WebhookTestKit.AdvanceAsync(_server, _time, TimeSpan.FromMinutes(1));
        await receiver.WaitForAsync(2);
        var second = await WebhookTestKit.EventuallyAsync(_client, fired.Id, e => e.Status == "retrying" && e.Attempts == 2);
        Assert.Equal(Start.AddMinutes(3), second.NextRetry);

        await WebhookTestKit.AdvanceAsync(_server, _time, TimeSpan.FromMinutes(2));
        var requests = await receiver.WaitForAsync(3);
        var done = await _client.WaitForExecutionAsync(fired.Id, TimeSpan.FromSeconds(15), Ct);

        Assert.Equal(("success", 3, 200), (done.Status, done.Attempts, done.HttpStatus));
        Assert.Equal(["1", "2", "3"], requests.Select(r => r.Header("X-CueAPI-Attempt")));
        Assert.Equal(
            new[] { Start, Start.AddMinutes(1), Start.AddMinutes(3) }.Select(t => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            requests.Select(r => r.Header("X-CueAPI-Timestamp")));
    }

    [Fact]
    public async Task A_receiver_that_always_answers_500_fails_the_execution_after_its_last_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        var cue = await _client.CreateCueAsync(
            WebhookCue(receiver.Url, retry: new CueRetryBody { MaxAttempts = 2, BackoffMinutes = [1] }, method: "PUT"), Ct);

        var fired = await _client.FireCueAsync(cue.Id, ct: Ct);
        await receiver.WaitForAsync(1);
        await WebhookTestKit.EventuallyAsync(_client, fired.Id, e => e.Status == "retrying");
        await WebhookTestKit.AdvanceAsync(_server, _time, TimeSpan.FromMinutes(1));
        var done = await _client.WaitForExecutionAsync(fired.Id, TimeSpan.FromSeconds(15), Ct);

        Assert.Equal(("failed", 2, 2, 500), (done.Status, done.Attempts, done.MaxAttempts, done.HttpStatus));
        Assert.Equal("receiver says 500", done.ErrorMessage);
        Assert.Equal(["PUT", "PUT"], receiver.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_counts_as_a_failed_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200);
        var cue = await _client.CreateCueAsync(
            WebhookCue(new Uri(receiver.Url, "/redirect"), retry: new CueRetryBody { MaxAttempts = 1, BackoffMinutes = [1] }), Ct);

        var fired = await _client.FireCueAsync(cue.Id, ct: Ct);
        var done = await _client.WaitForExecutionAsync(fired.Id, TimeSpan.FromSeconds(15), Ct);

        Assert.Equal(("failed", 302), (done.Status, done.HttpStatus));
        await Task.Delay(200, Ct); // a followed redirect would arrive right behind the first request
        Assert.Equal(["/redirect"], receiver.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Private_callbacks_mode_allows_loopback_http_but_still_refuses_link_local_and_metadata_targets()
    {
        await _client.CreateCueAsync(WebhookCue(new Uri("http://127.0.0.1:9/hook")), Ct);
        await _client.CreateCueAsync(WebhookCue(new Uri("http://10.1.2.3/hook")), Ct);

        foreach (var url in new[] { "http://169.254.169.254/latest/meta-data", "http://metadata.google.internal/", "https://[fe80::1]/", "http://[fd00:ec2::254]/" })
        {
            var error = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, "invalid_callback_url",
                () => _client.CreateCueAsync(WebhookCue(new Uri(url)), Ct));
            Assert.Contains("callback.url", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2, (await _client.ListCuesAsync(ct: Ct)).Total);
    }

    [Fact]
    public async Task A_worker_claim_never_gets_a_webhook_execution_over_http()
    {
        await using var server = await ServerHarness.StartAsync(s => s with { RunWebhookDispatcher = false, AllowPrivateCallbacks = true });
        var client = await server.NewTenantAsync();
        var cue = await client.CreateCueAsync(WebhookCue(new Uri("http://127.0.0.1:9/hook")) with { Priority = 100 }, Ct);
        var fired = await client.FireCueAsync(cue.Id, ct: Ct);
        var work = await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "ping" }, Ct);

        Assert.Equal([work.Execution.Id], (await client.ListClaimableAsync(ct: Ct)).Executions.Select(e => e.ExecutionId));
        Assert.Equal(work.Execution.Id, (await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w", Task = "ping" }, Ct)).ExecutionId);
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "claim_failed",
            () => client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w", Limit = 10 }, Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "claim_failed",
            () => client.ClaimByIdAsync(fired.Id, new ClaimByIdRequest { WorkerId = "w" }, Ct));
        Assert.Equal("pending", (await client.GetExecutionAsync(fired.Id, Ct)).Status);
    }

    [Fact]
    public async Task The_webhook_secret_is_made_on_first_use_kept_and_replaced_by_regenerate()
    {
        Assert.False((await _client.GetMeAsync(Ct)).HasWebhookSecret);

        var first = (await _client.GetWebhookSecretAsync(Ct)).WebhookSecret;
        Assert.Matches("^whsec_[0-9a-f]{64}$", first);
        Assert.Equal(first, (await _client.GetWebhookSecretAsync(Ct)).WebhookSecret);
        Assert.True((await _client.GetMeAsync(Ct)).HasWebhookSecret);

        var regenerated = (await _client.RegenerateWebhookSecretAsync(Ct)).WebhookSecret;
        Assert.Matches("^whsec_[0-9a-f]{64}$", regenerated);
        Assert.NotEqual(first, regenerated);
        Assert.Equal(regenerated, (await _client.GetWebhookSecretAsync(Ct)).WebhookSecret);
        var other = await _server.NewTenantAsync();
        Assert.NotEqual(regenerated, (await other.GetWebhookSecretAsync(Ct)).WebhookSecret);
    }
}

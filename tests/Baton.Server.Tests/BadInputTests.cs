using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Baton.Contracts;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// Bad input is a 4xx with a reason, never a 5xx, and changes nothing: malformed JSON, wrong types, oversized bodies, out-of-range numbers, over-long strings, bad queue
/// names, bad UUIDs and empty bodies, sent to every endpoint. Each must get its documented 4xx in the error
/// envelope, never a 5xx, and change nothing. (An empty body to <c>POST /v1/executions</c> is <c>{}</c>, a valid
/// enqueue, so it is not in the table.)
/// </summary>
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private const string Huge = "@huge";
    private const string HugeChunked = "@huge-chunked";
    private const string BigMetadata = "@metadata-11k";
    private const string Exec = "/v1/executions";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string, string, string, bool, int, string> Cases()
    {
        var cases = new TheoryData<string, string, string, string, string, bool, int, string>();
        void Add(string name, string method, string path, string body, int status, string code, string workerId = "", bool authenticated = true) =>
            cases.Add(name, method, path, body, workerId, authenticated, status, code);
        string Long(int n) => new('x', n);
        const string invalidJson = "invalid_json";
        const string validation = "validation_error";

        // Malformed JSON → 400 invalid_json, on every endpoint that reads a body.
        Add("enqueue, truncated", "POST", Exec, """{"title": """, 400, invalidJson);
        Add("enqueue, not json", "POST", Exec, "title=hello", 400, invalidJson);
        Add("enqueue, nesting deeper than 64", "POST", Exec, """{"payload": """ + string.Concat(Enumerable.Repeat("""{"a":""", 70)) + "1" + new string('}', 71), 400, invalidJson);
        Add("batch, broken array", "POST", Exec + "/batch", """{"executions": [}""", 400, invalidJson);
        Add("claim, unquoted key", "POST", Exec + "/claim", """{worker_id: "w"}""", 400, invalidJson);
        Add("claim by id, trailing comma", "POST", Exec + "/{claimed}/claim", """{"worker_id": "w",}""", 400, invalidJson);
        Add("heartbeat, unclosed", "POST", Exec + "/{claimed}/heartbeat", """{"lease_seconds": 30""", 400, invalidJson, "w1");
        Add("outcome, bad literal", "POST", Exec + "/{claimed}/outcome", """{"success": tru}""", 400, invalidJson);
        Add("outcomes, lone bracket", "POST", Exec + "/outcomes", "[", 400, invalidJson, "w1");
        Add("release, broken", "POST", Exec + "/{claimed}/release", """{"x" """, 400, invalidJson, "w1");
        Add("cancel, single quotes", "POST", Exec + "/{claimed}/cancel", "{'reason': 'x'}", 400, invalidJson, "w1");
        Add("replay, stray brace", "POST", Exec + "/{claimed}/replay", "}", 400, invalidJson);
        Add("worker heartbeat, unclosed", "POST", "/v1/worker/heartbeat", """{"worker_id": "w" """, 400, invalidJson);
        Add("register, missing value", "POST", "/v1/auth/register", """{"email": }""", 400, invalidJson, authenticated: false);
        Add("regenerate, garbage body", "POST", "/v1/auth/key/regenerate", "<xml/>", 400, invalidJson);

        // Well-formed JSON of the wrong shape → 422 naming the field.
        Add("enqueue, priority as text", "POST", Exec, """{"priority": "high"}""", 422, validation);
        Add("enqueue, tags as text", "POST", Exec, """{"tags": "a"}""", 422, validation);
        Add("enqueue, payload an array", "POST", Exec, """{"payload": [1, 2]}""", 422, validation);
        Add("enqueue, payload a string", "POST", Exec, """{"payload": "text"}""", 422, validation);
        Add("enqueue, send_at not a time", "POST", Exec, """{"send_at": "tomorrow"}""", 422, validation);
        Add("enqueue, send_at impossible date", "POST", Exec, """{"send_at": "2026-13-45T00:00:00Z"}""", 422, validation);
        Add("enqueue, fractional attempts", "POST", Exec, """{"max_attempts": 2.5}""", 422, validation);
        Add("enqueue, body an array", "POST", Exec, "[]", 422, validation);
        Add("enqueue, body null", "POST", Exec, "null", 422, validation);
        Add("batch, items not objects", "POST", Exec + "/batch", """{"executions": [1]}""", 422, validation);
        Add("claim, numeric worker", "POST", Exec + "/claim", """{"worker_id": 5}""", 422, validation);
        Add("claim, limit as text", "POST", Exec + "/claim", """{"worker_id": "w", "limit": "ten"}""", 422, validation);
        Add("claim, body a string", "POST", Exec + "/claim", "\"claim\"", 422, validation);
        Add("heartbeat, lease as text", "POST", Exec + "/{claimed}/heartbeat", """{"lease_seconds": "x"}""", 422, validation, "w1");
        Add("outcome, success as text", "POST", Exec + "/{claimed}/outcome", """{"success": "yes"}""", 422, validation);
        Add("outcome, metadata an array", "POST", Exec + "/{claimed}/outcome", """{"success": true, "metadata": [1]}""", 422, validation);
        Add("outcome, artifacts an object", "POST", Exec + "/{claimed}/outcome", """{"success": true, "artifacts": {}}""", 422, validation);
        Add("outcomes, bad execution id", "POST", Exec + "/outcomes", """{"outcomes": [{"execution_id": "nope", "success": true}]}""", 422, validation, "w1");
        Add("outcomes, item without id", "POST", Exec + "/outcomes", """{"outcomes": [{"success": true}]}""", 422, validation, "w1");
        Add("cancel, force as text", "POST", Exec + "/{claimed}/cancel", """{"force": "yes"}""", 422, validation, "w1");
        Add("worker heartbeat, id an array", "POST", "/v1/worker/heartbeat", """{"worker_id": ["a"]}""", 422, validation);
        Add("register, not an email", "POST", "/v1/auth/register", """{"email": "nobody"}""", 422, validation, authenticated: false);

        // Bodies over 1 MiB → 413, however they are framed.
        Add("enqueue, over 1 MiB", "POST", Exec, Huge, 413, "request_too_large");
        Add("enqueue, over 1 MiB chunked", "POST", Exec, HugeChunked, 413, "request_too_large");
        Add("batch, over 1 MiB", "POST", Exec + "/batch", Huge, 413, "request_too_large");
        Add("outcome, over 1 MiB", "POST", Exec + "/{claimed}/outcome", HugeChunked, 413, "request_too_large");
        Add("outcome, metadata over 10 KiB", "POST", Exec + "/{claimed}/outcome", BigMetadata, 400, "metadata_too_large");

        // Negative and huge numbers.
        Add("enqueue, priority beyond int", "POST", Exec, """{"priority": 99999999999}""", 422, validation);
        Add("enqueue, priority 1e400", "POST", Exec, """{"priority": 1e400}""", 422, validation);
        Add("enqueue, priority over a million", "POST", Exec, """{"priority": 2000000}""", 422, validation);
        Add("enqueue, zero attempts", "POST", Exec, """{"max_attempts": 0}""", 422, validation);
        Add("enqueue, 26 attempts", "POST", Exec, """{"max_attempts": 26}""", 422, validation);
        Add("enqueue, negative ttl", "POST", Exec, """{"ttl_seconds": -5}""", 422, validation);
        Add("enqueue, negative backoff", "POST", Exec, """{"backoff_seconds": [-1]}""", 422, validation);
        Add("enqueue, backoff over a day", "POST", Exec, """{"backoff_seconds": [86401]}""", 422, validation);
        Add("enqueue, eleven backoffs", "POST", Exec, """{"backoff_seconds": [1,2,3,4,5,6,7,8,9,10,11]}""", 422, validation);
        Add("claim, zero lease", "POST", Exec + "/claim", """{"worker_id": "w", "lease_seconds": 0}""", 422, validation);
        Add("claim, lease over a day", "POST", Exec + "/claim", """{"worker_id": "w", "lease_seconds": 86401}""", 422, validation);
        Add("batch, 1001 executions", "POST", Exec + "/batch", $$"""{"executions": [{{string.Join(',', Enumerable.Repeat("{}", 1001))}}]}""", 422, validation);
        Add("outcomes, 101 items", "POST", Exec + "/outcomes", $$"""{"outcomes": [{{string.Join(',', Enumerable.Repeat($$"""{"execution_id": "{{Guid.Empty}}", "success": true}""", 101))}}]}""", 422, validation, "w1");
        Add("claim, limit 0", "POST", Exec + "/claim", """{"worker_id": "w", "limit": 0}""", 422, validation);
        Add("claim, limit 101", "POST", Exec + "/claim", """{"worker_id": "w", "limit": 101}""", 422, validation);
        Add("claim, wait 61", "POST", Exec + "/claim", """{"worker_id": "w", "wait_seconds": 61}""", 422, validation);
        Add("claim, negative wait", "POST", Exec + "/claim", """{"worker_id": "w", "wait_seconds": -1}""", 422, validation);
        Add("claim by id, lease 1e30", "POST", Exec + "/{pending}/claim", """{"worker_id": "w", "lease_seconds": 1e30}""", 422, validation);
        Add("heartbeat, negative lease", "POST", Exec + "/{claimed}/heartbeat", """{"lease_seconds": -1}""", 422, validation, "w1");
        Add("list, limit 101", "GET", Exec + "?limit=101", "", 422, validation);
        Add("list, negative limit", "GET", Exec + "?limit=-1", "", 422, validation);
        Add("list, negative offset", "GET", Exec + "?offset=-1", "", 422, validation);
        Add("list, limit not a number", "GET", Exec + "?limit=abc", "", 422, validation);
        Add("claimable, limit 1000", "GET", Exec + "/claimable?limit=1000", "", 422, validation);

        // Over-long and empty strings.
        Add("enqueue, title 257", "POST", Exec, $$"""{"title": "{{Long(257)}}"}""", 422, validation);
        Add("enqueue, run_id 257", "POST", Exec, $$"""{"run_id": "{{Long(257)}}"}""", 422, validation);
        Add("enqueue, 21 tags", "POST", Exec, $$"""{"tags": [{{string.Join(',', Enumerable.Range(0, 21).Select(i => $"\"t{i}\""))}}]}""", 422, validation);
        Add("enqueue, tag 65", "POST", Exec, $$"""{"tags": ["{{Long(65)}}"]}""", 422, validation);
        Add("enqueue, idempotency key 257", "POST", Exec, $$"""{"idempotency_key": "{{Long(257)}}"}""", 422, validation);
        Add("claim, worker 256", "POST", Exec + "/claim", $$"""{"worker_id": "{{Long(256)}}"}""", 422, validation);
        Add("claim, empty worker", "POST", Exec + "/claim", """{"worker_id": ""}""", 422, validation);
        Add("outcome, result 2001", "POST", Exec + "/{claimed}/outcome", $$"""{"success": true, "result": "{{Long(2001)}}"}""", 422, validation);
        Add("outcome, error 2001", "POST", Exec + "/{claimed}/outcome", $$"""{"success": false, "error": "{{Long(2001)}}"}""", 422, validation);
        Add("outcome, summary 501", "POST", Exec + "/{claimed}/outcome", $$"""{"success": true, "summary": "{{Long(501)}}"}""", 422, validation);
        Add("outcome, external id 501", "POST", Exec + "/{claimed}/outcome", $$"""{"success": true, "external_id": "{{Long(501)}}"}""", 422, validation);
        Add("outcome, ftp result url", "POST", Exec + "/{claimed}/outcome", """{"success": true, "result_url": "ftp://example.com/x"}""", 422, validation);
        Add("outcome, relative result url", "POST", Exec + "/{claimed}/outcome", """{"success": true, "result_url": "not a url"}""", 422, validation);
        Add("cancel, reason 501", "POST", Exec + "/{claimed}/cancel", $$"""{"reason": "{{Long(501)}}", "force": true}""", 422, validation);
        Add("worker heartbeat, id 256", "POST", "/v1/worker/heartbeat", $$"""{"worker_id": "{{Long(256)}}"}""", 422, validation);

        // Queue names and other query filters.
        Add("enqueue, queue with a space", "POST", Exec, """{"queue": "bad queue"}""", 422, validation);
        Add("enqueue, empty queue", "POST", Exec, """{"queue": ""}""", 422, validation);
        Add("enqueue, queue with a slash", "POST", Exec, """{"queue": "a/b"}""", 422, validation);
        Add("enqueue, queue of 65", "POST", Exec, $$"""{"queue": "{{Long(65)}}"}""", 422, validation);
        Add("claim, queue with a space", "POST", Exec + "/claim", """{"worker_id": "w", "queue": "x y"}""", 422, validation);
        Add("list, bad queue", "GET", Exec + "?queue=bad%20q", "", 422, validation);
        Add("claimable, bad queue", "GET", Exec + "/claimable?queue=%2F", "", 422, validation);
        Add("list, unknown status", "GET", Exec + "?status=bogus", "", 422, validation);
        Add("list, unknown status in list", "GET", Exec + "?status__in=pending,bogus", "", 422, validation);
        Add("list, unknown outcome state", "GET", Exec + "?outcome_state=nope", "", 422, validation);

        // Bad and unknown ids → 404.
        Add("get, not a uuid", "GET", Exec + "/not-a-uuid", "", 404, "execution_not_found");
        Add("claim by id, not a uuid", "POST", Exec + "/123/claim", """{"worker_id": "w"}""", 404, "execution_not_found");
        Add("heartbeat, not a uuid", "POST", Exec + "/xyz/heartbeat", "{}", 404, "execution_not_found", "w1");
        Add("outcome, not a uuid", "POST", Exec + "/xyz/outcome", """{"success": true}""", 404, "execution_not_found");
        Add("release, not a uuid", "POST", Exec + "/xyz/release", "", 404, "execution_not_found", "w1");
        Add("cancel, not a uuid", "POST", Exec + "/xyz/cancel", "{}", 404, "execution_not_found");
        Add("replay, not a uuid", "POST", Exec + "/xyz/replay", "", 404, "execution_not_found");
        Add("outcome, unknown uuid", "POST", Exec + "/0193a000-0000-7000-8000-000000000000/outcome", """{"success": true}""", 404, "execution_not_found");
        Add("delete, unknown worker", "DELETE", "/v1/workers/nobody", "", 404, "worker_not_found");

        // Empty bodies: required fields are missing, or the caller is not the claimer.
        Add("batch, empty body", "POST", Exec + "/batch", "", 422, validation);
        Add("claim, empty body", "POST", Exec + "/claim", "", 422, validation);
        Add("claim by id, empty body", "POST", Exec + "/{pending}/claim", "", 422, validation);
        Add("outcome, empty body", "POST", Exec + "/{claimed}/outcome", "", 422, validation);
        Add("outcomes, empty body", "POST", Exec + "/outcomes", "", 422, validation, "w1");
        Add("outcomes, empty list", "POST", Exec + "/outcomes", """{"outcomes": []}""", 422, validation, "w1");
        Add("worker heartbeat, empty body", "POST", "/v1/worker/heartbeat", "", 422, validation);
        Add("register, empty body", "POST", "/v1/auth/register", "", 422, validation, authenticated: false);
        Add("heartbeat, empty body, no worker", "POST", Exec + "/{claimed}/heartbeat", "", 403, "not_execution_owner");
        Add("heartbeat, empty body, wrong worker", "POST", Exec + "/{claimed}/heartbeat", "", 403, "not_execution_owner", "intruder");
        Add("release, empty body, wrong worker", "POST", Exec + "/{claimed}/release", "", 403, "not_execution_owner", "intruder");
        Add("cancel, empty body, wrong worker", "POST", Exec + "/{claimed}/cancel", "", 403, "not_execution_owner", "intruder");
        Add("replay, empty body, still running", "POST", Exec + "/{claimed}/replay", "", 409, "execution_in_flight");
        Add("claim by id, already claimed", "POST", Exec + "/{claimed}/claim", """{"worker_id": "w2"}""", 409, "claim_failed");

        // Agents, messages, subscriptions and event feeds. Every request carries X-Cueapi-From-Agent: alpha.
        const string agents = "/v1/agents";
        const string beta = agents + "/beta";
        const string subs = beta + "/subscriptions";
        Add("agent, truncated", "POST", agents, """{"display_name": """, 400, invalidJson);
        Add("agent, empty body", "POST", agents, "", 422, validation);
        Add("agent, unknown field", "POST", agents, """{"display_name": "x", "colour": "red"}""", 422, validation);
        Add("agent, empty display_name", "POST", agents, """{"display_name": ""}""", 422, validation);
        Add("agent, display_name 256", "POST", agents, $$"""{"display_name": "{{Long(256)}}"}""", 422, validation);
        Add("agent, slug with a space", "POST", agents, """{"display_name": "x", "slug": "bad slug"}""", 422, validation);
        Add("agent, slug 65", "POST", agents, $$"""{"display_name": "x", "slug": "{{Long(65)}}"}""", 422, validation);
        Add("agent, metadata an array", "POST", agents, """{"display_name": "x", "metadata": [1]}""", 422, validation);
        Add("agent, slug taken", "POST", agents, """{"display_name": "x", "slug": "alpha"}""", 409, "agent_slug_taken");
        Add("agent, webhook to a private address", "POST", agents, """{"display_name": "x", "webhook_url": "http://127.0.0.1/hook"}""", 400, "invalid_webhook_url");
        Add("agents, limit 101", "GET", agents + "?limit=101", "", 422, validation);
        Add("agents, unknown status", "GET", agents + "?status=asleep", "", 422, validation);
        Add("agent, unknown", "GET", agents + "/nobody", "", 404, "agent_not_found");
        Add("agent, another tenant's form", "GET", agents + "/alpha@tnt_someoneelse", "", 404, "agent_not_found");
        Add("patch agent, unknown status", "PATCH", beta, """{"status": "asleep"}""", 422, validation);
        Add("patch agent, slug cannot change", "PATCH", beta, """{"slug": "gamma"}""", 422, validation);
        Add("patch agent, null display_name", "PATCH", beta, """{"display_name": null}""", 422, validation);
        Add("patch agent, broken", "PATCH", beta, "{", 400, invalidJson);
        Add("delete agent, unknown", "DELETE", agents + "/nobody", "", 404, "agent_not_found");
        Add("regenerate, pull-only agent", "POST", beta + "/webhook-secret/regenerate", "", 404, "webhook_secret_not_found");
        Add("send, truncated", "POST", "/v1/messages", """{"to": """, 400, invalidJson);
        Add("send, empty body", "POST", "/v1/messages", "", 422, validation);
        Add("send, unknown field", "POST", "/v1/messages", """{"to": "beta", "body": "x", "urgent": true}""", 422, validation);
        Add("send, empty text", "POST", "/v1/messages", """{"to": "beta", "body": ""}""", 422, validation);
        Add("send, text 32769", "POST", "/v1/messages", $$"""{"to": "beta", "body": "{{Long(32769)}}"}""", 422, validation);
        Add("send, subject 256", "POST", "/v1/messages", $$"""{"to": "beta", "body": "x", "subject": "{{Long(256)}}"}""", 422, validation);
        Add("send, priority 6", "POST", "/v1/messages", """{"to": "beta", "body": "x", "priority": 6}""", 422, validation);
        Add("send, priority 0", "POST", "/v1/messages", """{"to": "beta", "body": "x", "priority": 0}""", 422, validation);
        Add("send, metadata a string", "POST", "/v1/messages", """{"to": "beta", "body": "x", "metadata": "m"}""", 422, validation);
        Add("send, metadata over 10 KiB", "POST", "/v1/messages", $$$"""{"to": "beta", "body": "x", "metadata": {"m": "{{{Long(11 * 1024)}}}"}}""", 400, "metadata_too_large");
        Add("send, send_at not a time", "POST", "/v1/messages", """{"to": "beta", "body": "x", "send_at": "soon"}""", 422, validation);
        Add("send, execution_id not a uuid", "POST", "/v1/messages", """{"to": "beta", "body": "x", "execution_id": "e1"}""", 422, validation);
        Add("send, execution_id unknown", "POST", "/v1/messages", $$"""{"to": "beta", "body": "x", "execution_id": "{{Guid.Empty}}"}""", 422, "invalid_execution_id");
        Add("send, unknown recipient", "POST", "/v1/messages", """{"to": "nobody", "body": "x"}""", 404, "agent_not_found");
        Add("send, unknown parent", "POST", "/v1/messages", """{"to": "beta", "body": "x", "reply_to": "msg_000000000000"}""", 404, "message_not_found");
        Add("message, unknown", "GET", "/v1/messages/msg_000000000000", "", 404, "message_not_found");
        Add("read, unknown message", "POST", "/v1/messages/msg_000000000000/read", "", 404, "message_not_found");
        Add("ack, unknown message", "POST", "/v1/messages/msg_000000000000/ack", "", 404, "message_not_found");
        Add("ack, broken body", "POST", "/v1/messages/{message}/ack", "{", 400, invalidJson);
        Add("inbox, limit 201", "GET", beta + "/inbox?limit=201", "", 422, validation);
        Add("inbox, wait 61", "GET", beta + "/inbox?wait=61", "", 422, validation);
        Add("inbox, unknown state", "GET", beta + "/inbox?state=lost", "", 422, validation);
        Add("inbox, since not a time", "GET", beta + "/inbox?since=yesterday", "", 422, validation);
        Add("inbox, unknown agent", "GET", agents + "/nobody/inbox", "", 404, "agent_not_found");
        Add("sent, limit 0", "GET", agents + "/alpha/sent?limit=0", "", 422, validation);
        Add("subscribe, truncated", "POST", subs, """{"event_type": """, 400, invalidJson);
        Add("subscribe, empty body", "POST", subs, "", 422, validation);
        Add("subscribe, unknown event type", "POST", subs, """{"event_type": "message.sent"}""", 422, validation);
        Add("subscribe, unknown target", "POST", subs, """{"event_type": "message.digest", "delivery_target": "email"}""", 422, validation);
        Add("subscribe, unknown field", "POST", subs, """{"event_type": "message.digest", "filter": "x"}""", 422, validation);
        Add("subscribe, webhook without a url", "POST", subs, """{"event_type": "message.digest", "delivery_target": "webhook"}""", 422, "webhook_url_required");
        Add("subscribe, webhook_url not a url", "POST", subs, """{"event_type": "message.digest", "delivery_target": "webhook", "webhook_url": "not a url"}""", 400, "invalid_webhook_url");
        Add("subscribe, webhook_url to a private address", "POST", subs, """{"event_type": "message.digest", "delivery_target": "webhook", "webhook_url": "http://127.0.0.1/hook"}""", 400, "invalid_webhook_url");
        Add("subscribe, webhook_url to cloud metadata", "POST", subs, """{"event_type": "message.digest", "delivery_target": "webhook", "webhook_url": "https://169.254.169.254/latest"}""", 400, "invalid_webhook_url");
        Add("subscribe, webhook_url empty", "POST", subs, """{"event_type": "message.digest", "delivery_target": "webhook", "webhook_url": ""}""", 422, validation);
        Add("subscribe, webhook_url 2049", "POST", subs, $$"""{"event_type": "message.digest", "delivery_target": "webhook", "webhook_url": "https://example.com/{{Long(2029)}}"}""", 422, validation);
        Add("subscribe, webhook_url a number", "POST", subs, """{"event_type": "message.digest", "delivery_target": "webhook", "webhook_url": 42}""", 422, validation);
        Add("subscribe, inline_body as text", "POST", subs, """{"event_type": "message.digest", "inline_body": "yes"}""", 422, validation);
        Add("subscribe, inline_body a number", "POST", subs, """{"event_type": "message.digest", "inline_body": 1}""", 422, validation);
        Add("subscribe, twice", "POST", subs, """{"event_type": "message.delivered"}""", 409, "subscription_exists");
        Add("subscribe, unknown agent", "POST", agents + "/nobody/subscriptions", """{"event_type": "message.digest"}""", 404, "agent_not_found");
        Add("ack watermark, broken", "PATCH", subs + "/{subscription}/ack", "{", 400, invalidJson);
        Add("ack watermark, missing", "PATCH", subs + "/{subscription}/ack", "{}", 422, validation);
        Add("ack watermark, negative", "PATCH", subs + "/{subscription}/ack", """{"ack_watermark": -1}""", 422, validation);
        Add("ack watermark, text", "PATCH", subs + "/{subscription}/ack", """{"ack_watermark": "1"}""", 422, validation);
        Add("ack watermark, past the newest event", "PATCH", subs + "/{subscription}/ack", """{"ack_watermark": 99}""", 422, "ack_watermark_ahead");
        Add("ack watermark, unknown subscription", "PATCH", subs + "/sub_000000000000/ack", """{"ack_watermark": 0}""", 404, "subscription_not_found");
        Add("unsubscribe, unknown subscription", "DELETE", subs + "/sub_000000000000", "", 404, "subscription_not_found");
        Add("events, negative since", "GET", beta + "/events?since=-1", "", 422, validation);
        Add("events, since not a number", "GET", beta + "/events?since=abc", "", 422, validation);
        Add("events, limit 201", "GET", beta + "/events?limit=201", "", 422, validation);
        Add("events, wait 61", "GET", beta + "/events?wait=61", "", 422, validation);
        Add("events, unknown event type", "GET", beta + "/events?event_type=message.sent", "", 422, validation);
        Add("events, unknown agent", "GET", agents + "/nobody/events", "", 404, "agent_not_found");
        Add("execution messages, not a uuid", "GET", Exec + "/xyz/messages", "", 404, "execution_not_found");
        Add("execution messages, unknown uuid", "GET", Exec + "/0193a000-0000-7000-8000-000000000000/messages", "", 404, "execution_not_found");

        // No key at all.
        Add("list without a key", "GET", Exec, "", 401, "invalid_api_key", authenticated: false);
        Add("enqueue without a key", "POST", Exec, """{"task": "t"}""", 401, "invalid_api_key", authenticated: false);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_its_documented_4xx_in_the_envelope_and_changes_nothing(
        string name, string method, string path, string body, string workerId, bool authenticated, int status, string code)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method),
            path.Replace("{claimed}", fixture.ClaimedId.ToString(), StringComparison.Ordinal)
                .Replace("{pending}", fixture.PendingId.ToString(), StringComparison.Ordinal)
                .Replace("{message}", fixture.MessageId, StringComparison.Ordinal)
                .Replace("{subscription}", fixture.SubscriptionId, StringComparison.Ordinal));
        if (authenticated) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.ApiKey);
        if (workerId.Length > 0) request.Headers.Add(WireHeaders.WorkerId, workerId);
        request.Headers.Add(WireHeaders.ConfirmDestructive, "true");
        request.Headers.Add(WireHeaders.FromAgent, "alpha");
        if (method != "GET" && method != "DELETE") request.Content = Content(body);

        using var response = await fixture.Server.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: {(int)response.StatusCode} {text}");
        Assert.True(status == (int)response.StatusCode, $"{name}: expected {status}, got {(int)response.StatusCode} {text}");
        Assert.True(response.Headers.Contains(WireHeaders.RequestId), $"{name}: no {WireHeaders.RequestId}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Assert.Equal(["error"], root.EnumerateObject().Select(p => p.Name));
        var error = root.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(status, error.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        if (code == "validation_error")
        {
            var details = error.GetProperty("details");
            Assert.NotEqual(0, details.GetArrayLength());
            foreach (var detail in details.EnumerateArray())
            {
                Assert.False(string.IsNullOrEmpty(detail.GetProperty("field").GetString()));
                Assert.False(string.IsNullOrEmpty(detail.GetProperty("message").GetString()));
            }
        }

        Assert.Equal(fixture.Baseline, await fixture.SnapshotAsync(Ct));
    }

    private static HttpContent Content(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body switch
        {
            Huge or HugeChunked => "{\"success\": true, \"payload\": {\"blob\": \"" + new string('x', JsonBodyLimit + 1024) + "\"}}",
            BigMetadata => "{\"success\": true, \"metadata\": {\"blob\": \"" + new string('m', 11 * 1024) + "\"}}",
            _ => body,
        });

        // A stream of unknown length goes out chunked: the limit must hold without a Content-Length to trust.
        HttpContent content = body == HugeChunked
            ? new StreamContent(new UnknownLengthStream(bytes))
            : new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private const int JsonBodyLimit = 1024 * 1024;
}

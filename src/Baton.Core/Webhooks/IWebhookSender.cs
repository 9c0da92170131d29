using System.Text.Json.Nodes;

namespace Baton.Core.Webhooks;

/// <summary>
/// Sends one signed webhook: a cue's delivery (by the dispatcher) or an <c>on_failure.webhook</c> notice. The
/// implementation checks the URL against the SSRF rules again at send time, serialises <see cref="WebhookMessage.Body"/>
/// exactly as Python's <c>json.dumps(body, sort_keys=True)</c>, signs those bytes with the tenant's webhook secret,
/// and never follows redirects.
/// </summary>
public interface IWebhookSender
{
    /// <summary>Never throws for a failed delivery: refusals, timeouts and non-2xx answers come back as a result.</summary>
    Task<WebhookResult> SendAsync(WebhookMessage message, CancellationToken ct);
}

/// <summary>What to send, before signing.</summary>
public sealed record WebhookMessage
{
    public required string TenantId { get; init; }
    public required string Url { get; init; }
    public string Method { get; init; } = "POST";

    /// <summary>The callback's custom headers; they can never replace the signature headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra <c>X-CueAPI-*</c> headers (cue id, execution id, scheduled for, attempt) set by the sender's caller.</summary>
    public IReadOnlyDictionary<string, string> DeliveryHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>The W3C trace context sent as <c>traceparent</c>/<c>tracestate</c>, when the work has one.</summary>
    public (string? Parent, string? State) Trace { get; init; }

    public required JsonObject Body { get; init; }

    /// <summary>Signs with this secret instead of the tenant's (an agent's own webhook secret).</summary>
    public string? Secret { get; init; }
}

/// <summary>
/// How a send ended: <see cref="HttpStatus"/> when the receiver answered, <see cref="ResponseBody"/> its first
/// 2,000 characters, <see cref="Error"/> a sentence when it did not answer or the URL was refused.
/// </summary>
public sealed record WebhookResult(int? HttpStatus, string? ResponseBody, string? Error)
{
    public bool Success => HttpStatus is >= 200 and < 300;

    /// <summary>
    /// The SSRF rules refused the target (nothing was sent). Retrying will not help until the cue is changed, so
    /// the dispatcher fails such a delivery at once.
    /// </summary>
    public bool Refused { get; init; }
}

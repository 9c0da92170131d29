namespace Baton.Server.Webhooks;

/// <summary>How the server delivers webhooks (30 s timeout, no redirects, SSRF-checked).</summary>
internal sealed record WebhookSettings
{
    /// <summary>
    /// <c>--allow-private-callbacks</c>, for local development: http and loopback/private targets are allowed.
    /// Link-local and cloud metadata targets stay blocked.
    /// </summary>
    public bool AllowPrivateCallbacks { get; init; }

    /// <summary>The whole send: connect, request, response headers and the first 2,000 characters of the body.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries in flight at once on this node.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>
    /// The dispatcher's lease on a claimed delivery: longer than <see cref="Timeout"/>, so only a node that died
    /// mid-send loses it (then the maintenance loop's rescue retries it, counting the attempt).
    /// </summary>
    public int LeaseSeconds => (int)Timeout.TotalSeconds * 2 + 60;

    /// <summary>How long a stopping server lets in-flight sends finish before it cancels and releases them.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Waits between attempts of a message push to an agent's webhook; after the last one fails, the push has failed
    /// for good (the message stays in the inbox for pull).
    /// </summary>
    public IReadOnlyList<TimeSpan> MessagePushBackoff { get; init; } =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)];
}

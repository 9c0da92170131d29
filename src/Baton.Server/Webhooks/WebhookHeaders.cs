namespace Baton.Server.Webhooks;

/// <summary>The headers Baton sets on every webhook delivery; a callback's custom headers can never set these.</summary>
internal static class WebhookHeaders
{
    public const string Signature = "X-CueAPI-Signature";
    public const string Timestamp = "X-CueAPI-Timestamp";
    public const string CueId = "X-CueAPI-Cue-Id";
    public const string ExecutionId = "X-CueAPI-Execution-Id";
    public const string ScheduledFor = "X-CueAPI-Scheduled-For";
    public const string Attempt = "X-CueAPI-Attempt";

    /// <summary>
    /// Custom headers that are dropped: anything in the <c>X-CueAPI-</c> namespace (the signature headers and any
    /// future ones), and those the transport owns (body framing, host, user agent).
    /// </summary>
    public static bool IsReserved(string name) =>
        name.StartsWith("X-CueAPI-", StringComparison.OrdinalIgnoreCase) ||
        ReservedNames.Contains(name);

    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "User-Agent", "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding", "Host",
        "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer", "Expect", "Proxy-Authorization", "Proxy-Connection",
    };
}

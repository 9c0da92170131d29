using Baton.Core.Usage;

namespace Baton.Server;

/// <summary>What <see cref="BatonServerHost.Build"/> needs to know; the CLI binds these from its options.</summary>
public sealed record BatonServerSettings
{
    public string Url { get; init; } = "http://127.0.0.1:8420";

    /// <summary>Which store to use: the embedded SQLite file (default) or a PostgreSQL shared by many nodes.</summary>
    public StoreKind Store { get; init; } = StoreKind.Sqlite;

    /// <summary>Holds the SQLite file <c>baton.db</c>; created if missing. Unused with PostgreSQL.</summary>
    public string DataDirectory { get; init; } = "./baton-data";

    /// <summary>The Npgsql connection string, required with <see cref="StoreKind.Postgres"/>.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>How long a leader holds its lease unrenewed; a dead leader is replaced after this.</summary>
    public TimeSpan LeaderLeaseTtl { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>This node's name in leader election and <c>/v1/info</c>; defaults to host name and process id.</summary>
    public string? NodeId { get; init; }

    public bool RegistrationEnabled { get; init; } = true;

    /// <summary>Outcome, release and cancel must name their claimer (ownership checks always on).</summary>
    public bool StrictOwnership { get; init; }

    /// <summary>Requests per minute allowed for each API key.</summary>
    public int RateLimitPerMinute { get; init; } = 600;

    /// <summary>Messages each agent may send per minute (<c>--message-send-limit</c>).</summary>
    public int MessageSendsPerMinute { get; init; } = 300;

    /// <summary>Active cues each tenant may have (<c>--cue-limit</c>); null means no limit.</summary>
    public int? ActiveCueLimit { get; init; } = UsageLimits.DefaultActiveCues;

    /// <summary>Executions per calendar month each tenant is meant to stay under (<c>--execution-limit</c>); reported, not enforced.</summary>
    public int? MonthlyExecutionLimit { get; init; }

    /// <summary>The clock for everything the server decides; null means the system clock. Tests pass a fake.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Run the background loop (lease rescue, missed marking, pruning). Tests may drive it by hand.</summary>
    public bool RunMaintenance { get; init; } = true;

    /// <summary>
    /// <c>--allow-private-callbacks</c> (local development): webhook callbacks may use http and loopback/private
    /// addresses. Link-local and cloud metadata targets stay blocked.
    /// </summary>
    public bool AllowPrivateCallbacks { get; init; }

    /// <summary>Run the webhook dispatcher, which delivers <c>transport: webhook</c> executions.</summary>
    public bool RunWebhookDispatcher { get; init; } = true;

    /// <summary>How long one webhook delivery may take, connect to the first 2,000 characters of the answer.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Webhook deliveries in flight at once on this node.</summary>
    public int WebhookConcurrency { get; init; } = 16;

    /// <summary>Baton's metrics, scraped at <c>/metrics</c> (and sent over OTLP when configured).</summary>
    public bool Metrics { get; init; } = true;

    /// <summary>
    /// Traces of requests, store operations and background loops; on by default when the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names a collector to send them to.
    /// </summary>
    public bool Tracing { get; init; } =
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));

    /// <summary>The share of new traces recorded (a caller's sampled trace is always followed).</summary>
    public double TraceSampleRatio { get; init; } = 1.0;

    /// <summary>
    /// <c>--metrics-token</c>: lets a scraper on another machine read <c>/metrics</c> with
    /// <c>Authorization: Bearer</c>; without it only loopback may.
    /// </summary>
    public string? MetricsToken { get; init; }

    /// <summary><c>--log-format json</c>: one JSON object per log line, with scopes, for log shippers.</summary>
    public bool JsonLogs { get; init; }
}

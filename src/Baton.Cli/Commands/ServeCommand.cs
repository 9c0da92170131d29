using System.CommandLine;
using System.CommandLine.Parsing;
using Baton.Cli.Hosting;
using Baton.Core.Usage;
using Baton.Server;

namespace Baton.Cli.Commands;

/// <summary><c>baton serve</c>: runs the HTTP server on SQLite or PostgreSQL until SIGTERM or Ctrl-C.</summary>
public static class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8420";
    public const string DefaultDataDirectory = "./baton-data";

    public static Command Create()
    {
        var url = new Option<string>("--url")
        {
            Description = "The address to listen on, http://host:port (port 0 picks a free one; put TLS in a reverse proxy). Env: BATON_URL.",
            HelpName = "url",
            DefaultValueFactory = _ => FromEnvironment("BATON_URL") ?? DefaultUrl,
        };
        url.Validators.Add(ValidateUrl);

        var dataDirectory = new Option<string>("--data-dir")
        {
            Description = "Where the SQLite database (baton.db) lives; created if missing. Env: BATON_DATA_DIR.",
            HelpName = "path",
            DefaultValueFactory = _ => FromEnvironment("BATON_DATA_DIR") ?? DefaultDataDirectory,
        };

        var store = new Option<StoreKind>("--store")
        {
            Description = "sqlite (one process, the default) or postgres (any number of serve processes sharing one database). Env: BATON_STORE.",
            HelpName = "sqlite|postgres",
            DefaultValueFactory = _ => Enum.TryParse<StoreKind>(FromEnvironment("BATON_STORE"), ignoreCase: true, out var kind)
                ? kind
                : StoreKind.Sqlite,
        };

        var connection = new Option<string?>("--connection")
        {
            Description = "The Npgsql connection string for --store postgres, e.g. \"Host=db;Database=baton;Username=baton;Password=…\". Env: BATON_POSTGRES.",
            HelpName = "connection-string",
            DefaultValueFactory = _ => FromEnvironment("BATON_POSTGRES"),
        };

        var nodeId = new Option<string?>("--node-id")
        {
            Description = "This server's name among several sharing a PostgreSQL database (default: host name and process id).",
            HelpName = "name",
        };

        var leaderTtl = new Option<int>("--leader-ttl")
        {
            Description = "Seconds a leader node holds its lease without renewing; a dead leader is replaced after this.",
            HelpName = "seconds",
            DefaultValueFactory = _ => (int)new BatonServerSettings().LeaderLeaseTtl.TotalSeconds,
        };
        leaderTtl.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 3 or > 3600) result.AddError("--leader-ttl must be between 3 and 3600 seconds.");
        });

        var noRegister = new Option<bool>("--no-register")
        {
            Description = "Close POST /v1/auth/register. The first start still creates one tenant and prints its key.",
        };

        var allowRegister = new Option<bool>("--allow-register")
        {
            Description = "Open POST /v1/auth/register while listening beyond loopback (closed there by default: anyone who can reach the port could make an account).",
        };

        var strictOwnership = new Option<bool>("--strict-ownership")
        {
            Description = "Outcome, release and cancel must name the claiming worker (X-Worker-Id or X-Claim-Token).",
        };

        var allowPrivateCallbacks = new Option<bool>("--allow-private-callbacks")
        {
            Description = "For local development: webhook callbacks may use http and loopback or private-network addresses. Link-local and cloud metadata addresses stay blocked.",
        };

        var rateLimit = new Option<int>("--rate-limit")
        {
            Description = "Requests per minute allowed for each API key; over it the server answers 429.",
            HelpName = "per-minute",
            DefaultValueFactory = _ => new BatonServerSettings().RateLimitPerMinute,
        };
        rateLimit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--rate-limit must be at least 1 request per minute.");
        });

        var cueLimit = new Option<int>("--cue-limit")
        {
            Description = "Active cues each account may have; creating or resuming one more answers 403 cue_limit_exceeded. 0: no limit.",
            HelpName = "count",
            DefaultValueFactory = _ => UsageLimits.DefaultActiveCues,
        };
        cueLimit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0) result.AddError("--cue-limit must be 0 (no limit) or more.");
        });

        var executionLimit = new Option<int?>("--execution-limit")
        {
            Description = "Executions per calendar month (UTC) each account is meant to stay under, shown by GET /v1/usage; not enforced. Default: none.",
            HelpName = "count",
        };
        executionLimit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1) result.AddError("--execution-limit must be at least 1.");
        });

        var metricsToken = new Option<string?>("--metrics-token")
        {
            Description = "Lets a scraper on another machine read /metrics with 'Authorization: Bearer <token>'; without it /metrics answers only on loopback. Env: BATON_METRICS_TOKEN.",
            HelpName = "token",
            DefaultValueFactory = _ => FromEnvironment("BATON_METRICS_TOKEN"),
        };

        var noMetrics = new Option<bool>("--no-metrics")
        {
            Description = "Turn off metrics: no /metrics endpoint and no OTLP metrics.",
        };

        var tracing = new Option<bool>("--tracing")
        {
            Description = "Record traces (requests, store operations, background loops) even without OTEL_EXPORTER_OTLP_ENDPOINT; with it, tracing is on and sent there.",
        };

        var logFormat = new Option<string>("--log-format")
        {
            Description = "text (one line each, the default) or json (one object per line, with scopes). Env: BATON_LOG_FORMAT.",
            HelpName = "text|json",
            DefaultValueFactory = _ => FromEnvironment("BATON_LOG_FORMAT") ?? "text",
        };
        logFormat.AcceptOnlyFromAmong("text", "json");

        var command = new Command("serve", """
            Run the Baton server, on an embedded SQLite database (default) or a shared PostgreSQL. Prints one ready line with the URL; on the first
            start of a new database it creates a tenant and prints its API key once. Stops gracefully on SIGTERM or
            Ctrl-C: in-flight requests finish and waiting claims return.
            """)
        {
            url, dataDirectory, store, connection, nodeId, leaderTtl, noRegister, allowRegister, strictOwnership, allowPrivateCallbacks,
            rateLimit, cueLimit, executionLimit, metricsToken, noMetrics, tracing, logFormat,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(store) == StoreKind.Postgres && string.IsNullOrWhiteSpace(result.GetValue(connection)))
            {
                result.AddError("--store postgres needs --connection \"Host=…;Database=…\" (or BATON_POSTGRES).");
            }

            if (result.GetValue(noRegister) && result.GetValue(allowRegister))
            {
                result.AddError("--no-register and --allow-register contradict each other; give one.");
            }
        });

        command.SetAction((parse, ct) =>
        {
            var settings = new BatonServerSettings
            {
                Url = parse.GetRequiredValue(url),
                DataDirectory = Path.GetFullPath(parse.GetRequiredValue(dataDirectory)),
                Store = parse.GetValue(store),
                PostgresConnectionString = parse.GetValue(connection),
                NodeId = parse.GetValue(nodeId),
                LeaderLeaseTtl = TimeSpan.FromSeconds(parse.GetValue(leaderTtl)),
                RegistrationEnabled = ListenAddress.RegistrationOpen(
                    parse.GetRequiredValue(url), parse.GetValue(noRegister), parse.GetValue(allowRegister)),
                StrictOwnership = parse.GetValue(strictOwnership),
                RateLimitPerMinute = parse.GetValue(rateLimit),
                AllowPrivateCallbacks = parse.GetValue(allowPrivateCallbacks),
                ActiveCueLimit = parse.GetValue(cueLimit) is > 0 and var limit ? limit : null,
                MonthlyExecutionLimit = parse.GetValue(executionLimit),
                MetricsToken = parse.GetValue(metricsToken),
                Metrics = !parse.GetValue(noMetrics),
                Tracing = parse.GetValue(tracing) || new BatonServerSettings().Tracing,
                JsonLogs = parse.GetValue(logFormat) == "json",
            };
            return ServeRunner.RunAsync(settings, parse.InvocationConfiguration.Output,
                parse.InvocationConfiguration.Error, ct);
        });
        return command;
    }

    private static string? FromEnvironment(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static void ValidateUrl(OptionResult result)
    {
        var value = result.GetValueOrDefault<string>();
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp ||
            uri.AbsolutePath != "/")
        {
            result.AddError($"--url must be an http://host:port address without a path, not '{value}'.");
        }
    }
}

using Baton.Server;
using Microsoft.Extensions.Logging.Console;

namespace Baton.Cli.Hosting;

/// <summary>
/// Runs one server process: start, create the first tenant on a new database, print the key and the ready line,
/// then wait for SIGTERM/Ctrl-C and drain. Standard output carries only what an operator or a supervising script
/// reads (key, ready line); logs go to standard error.
/// </summary>
public static class ServeRunner
{
    public const string ReadyLinePrefix = "Baton listening on ";
    public const string ApiKeyLinePrefix = "API key (shown once): ";

    /// <summary>
    /// How long a stop may take. Parked long-polls (≤ 60 s) return as soon as stopping begins, so this only has to
    /// cover ordinary in-flight requests; it stays under systemd's default 90 s stop timeout.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(
        BatonServerSettings settings, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var startup = new StartupLogGate();
        await using var app = BatonServerHost.Build(settings, builder => ConfigureQuietHost(builder, startup, settings.JsonLogs));
        try
        {
            await app.StartAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One clear line: the host already failed and logged nothing (StartupLogGate), so no stack trace follows.
            await error.WriteLineAsync($"baton serve: could not start on {settings.Url}: {e.Message}");
            return 1;
        }

        startup.Started();

        if (await BatonServerHost.EnsureFirstTenantAsync(app, ct) is { } apiKey)
        {
            await output.WriteLineAsync($"{ApiKeyLinePrefix}{apiKey}");
            await output.WriteLineAsync(
                "  A tenant (admin@localhost) was created on this new database. Save the key now: it is stored " +
                "only as a hash and is never printed again.");
        }

        // app.Urls holds the bound addresses once started, so --url http://127.0.0.1:0 reports the real port.
        var listening = app.Urls.FirstOrDefault() ?? settings.Url;
        var database = settings.Store == StoreKind.Postgres
            ? "postgres: " + DescribePostgres(settings.PostgresConnectionString!)
            : "sqlite: " + Path.Combine(settings.DataDirectory, BatonServerHost.DatabaseFileName);
        await output.WriteLineAsync($"{ReadyLinePrefix}{listening} ({database})");
        await output.FlushAsync(ct);
        if (!settings.RegistrationEnabled)
        {
            await error.WriteLineAsync(
                "Registration (POST /v1/auth/register) is closed" +
                (ListenAddress.IsLoopback(settings.Url) ? "." : " because the server listens beyond loopback; --allow-register opens it."));
        }

        app.Lifetime.ApplicationStopping.Register(() =>
            error.WriteLine("Baton stopping: finishing in-flight requests and releasing waiting claims."));

        // Returns once SIGTERM/SIGINT (handled by the host's console lifetime) has stopped the host gracefully.
        await app.WaitForShutdownAsync(ct);
        await error.WriteLineAsync("Baton stopped.");
        return 0;
    }

    /// <summary>Host, port and database of a connection string, never its password.</summary>
    private static string DescribePostgres(string connectionString)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }

    /// <summary>
    /// Warnings and errors only, one line each, on standard error: no per-request information logs. Any category can
    /// be turned up with the usual configuration, e.g. <c>Logging__LogLevel__Default=Information</c>.
    /// </summary>
    private static void ConfigureQuietHost(WebApplicationBuilder builder, StartupLogGate startup, bool json)
    {
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        startup.AddTo(builder.Logging);
        if (json)
        {
            // One object per line with the message template's fields and the scopes (request id, tenant…).
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
                o.UseUtcTimestamp = true;
            });
        }

        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
    }
}

using System.Text.Json;
using Baton.Contracts.Serialization;
using Baton.Core;
using Baton.Core.Alerts;
using Baton.Core.Cues;
using Baton.Core.Executions;
using Baton.Core.Maintenance;
using Baton.Core.Messaging;
using Baton.Core.Notifications;
using Baton.Core.Observability;
using Baton.Core.Runs;
using Baton.Core.Storage;
using Baton.Core.Tenants;
using Baton.Core.Usage;
using Baton.Core.Webhooks;
using Baton.Core.Workers;
using Baton.Mcp.Hosting;
using Baton.Server.Dashboard;
using Baton.Server.Endpoints;
using Baton.Server.Hosting;
using Baton.Server.Http;
using Baton.Server.Webhooks;
using Baton.Storage.Postgres;
using Baton.Storage.Sqlite;

namespace Baton.Server;

/// <summary>Builds the Baton HTTP server; the <c>baton serve</c> command and the server tests both start here.</summary>
public static class BatonServerHost
{
    public const string DatabaseFileName = "baton.db";

    /// <summary>
    /// Builds (does not start) a server for <paramref name="settings"/>: the SQLite store in
    /// <see cref="BatonServerSettings.DataDirectory"/> (migrated when the app starts), the Core services, the
    /// background loop, and every endpoint. <paramref name="configure"/> runs last, so callers can adjust logging
    /// or replace services.
    /// </summary>
    public static WebApplication Build(BatonServerSettings settings, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The content root is where the binary is, not the working directory: the default data directory lives
        // under the working directory, and the host watches its content root, subdirectories included, for
        // configuration changes; every SQLite write there woke that watcher (5 % of the server's CPU in a
        // profile of the enqueue → claim loop).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(settings.Url);
        AddServices(builder.Services, settings);
        configure?.Invoke(builder);

        var app = builder.Build();
        UsePipeline(app, settings);
        return app;
    }

    /// <summary>
    /// On a brand-new database, creates the first tenant (<c>admin@localhost</c>) and returns its API key, to be
    /// shown once; returns null when any tenant exists. Safe to call before or after the app starts.
    /// </summary>
    public static async Task<string?> EnsureFirstTenantAsync(WebApplication app, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.Services.GetRequiredService<IBatonStore>().MigrateAsync(ct);
        var created = await app.Services.GetRequiredService<AccountService>().EnsureFirstTenantAsync("admin@localhost", ct);
        return created?.ApiKey;
    }

    private static void AddServices(IServiceCollection services, BatonServerSettings settings)
    {
        var time = settings.Time ?? TimeProvider.System;
        var databasePath = Path.Combine(Path.GetFullPath(settings.DataDirectory), DatabaseFileName);

        var options = new BatonOptions
        {
            StrictOwnership = settings.StrictOwnership,
            RegistrationEnabled = settings.RegistrationEnabled,
            RateLimitPerMinute = settings.RateLimitPerMinute,
            MessageSendsPerMinute = settings.MessageSendsPerMinute,
            LeaderLeaseTtl = settings.LeaderLeaseTtl,
        };
        if (!string.IsNullOrWhiteSpace(settings.NodeId)) options.NodeId = settings.NodeId;
        services.AddSingleton(time);
        services.AddSingleton(options);
        services.AddSingleton(new UsageLimits
        {
            ActiveCues = settings.ActiveCueLimit,
            ExecutionsPerMonth = settings.MonthlyExecutionLimit,
        });
        services.AddSingleton(new ServerFeatures(settings.RunMaintenance));
        // Each driver registers its store (under IBatonStore and every aggregate interface) and its notifier.
        if (settings.Store == StoreKind.Postgres)
        {
            services.AddBatonPostgres(new PostgresStoreOptions
            {
                ConnectionString = settings.PostgresConnectionString
                    ?? throw new ArgumentException("PostgreSQL needs a connection string", nameof(settings)),
            });
        }
        else
        {
            services.AddBatonSqlite(new SqliteStoreOptions { DatabasePath = databasePath });
        }

        services.AddSingleton<Parking>();
        services.AddSingleton<ParkedClaims>();
        services.AddSingleton<ParkedAwaits>();
        services.AddSingleton<MaintenanceWakeups>();
        services.AddSingleton<ChangePublisher>();
        services.AddBatonTelemetry(settings);
        services.AddSingleton<ExecutionService>();
        services.AddSingleton<AwaitService>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<WorkerService>();
        services.AddSingleton<CueService>();
        services.AddSingleton<VerificationService>();
        services.AddSingleton<AlertService>();
        services.AddSingleton<UsageService>();
        services.AddSingleton<ApiKeyRateLimiter>();
        services.AddSingleton<AgentService>();
        services.AddSingleton<MessageService>();
        services.AddSingleton<AgentEventService>();
        services.AddSingleton<MessageSendRateLimiter>();
        services.AddSingleton<StoreOutageWatch>();

        services.AddSingleton(new WebhookSettings
        {
            AllowPrivateCallbacks = settings.AllowPrivateCallbacks,
            Timeout = settings.WebhookTimeout,
            Concurrency = settings.WebhookConcurrency,
        });
        services.AddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<CallbackUrlGuard>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<IWebhookSender>(sp => sp.GetRequiredService<WebhookSender>());
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<MessagePushDispatcher>();

        // Migration first: hosted services start in registration order, and all of them before Kestrel listens.
        services.AddHostedService<StoreMigrationService>();
        services.AddSingleton<LeaderElection>();
        services.AddSingleton<MaintenanceLoop>();
        services.AddSingleton<CueScheduler>();
        services.AddSingleton<CueEffects>();
        if (settings.RunMaintenance)
        {
            services.AddHostedService(sp => sp.GetRequiredService<LeaderElection>());
            services.AddHostedService(sp => sp.GetRequiredService<MaintenanceLoop>());
            services.AddHostedService(sp => sp.GetRequiredService<CueScheduler>());
            services.AddHostedService(sp => sp.GetRequiredService<CueEffects>());
        }

        // Every node delivers webhooks; the claim keeps two nodes off one execution.
        if (settings.RunWebhookDispatcher)
        {
            services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
            services.AddHostedService(sp => sp.GetRequiredService<MessagePushDispatcher>());
        }

        services.ConfigureHttpJsonOptions(o =>
        {
            // Handlers serialize through BatonJson directly; these options make the OpenAPI schemas match the wire.
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new UtcDateTimeOffsetConverter());
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, BatonJson.Default);
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddOperationTransformer<JsonRequestBodyTransformer>());
        services.AddBatonMcpHttp();
        services.AddBatonDashboard(Path.Combine(Path.GetFullPath(settings.DataDirectory), "dashboard-keys"));
    }

    private static void UsePipeline(WebApplication app, BatonServerSettings settings)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Only a 500 is a failure worth a stack trace (logged here, once). Domain errors and bad input are answers,
            // an outage of the store is a 503 that ApiExceptionHandler logs as one warning line per request, and a
            // caller that left gets no answer at all (the status is still the middleware's 500 then).
            SuppressDiagnosticsCallback = c => c.Exception is BatonException or ApiProblemException
                                               || (c.HttpContext.RequestAborted.IsCancellationRequested && c.Exception is OperationCanceledException or IOException)
                                               || c.HttpContext.Response.StatusCode != StatusCodes.Status500InternalServerError,
        });
        // Routing's own answers (no such route, wrong method) get the envelope too.
        app.UseStatusCodePages(async context =>
        {
            var (code, message) = ErrorResponses.ForStatus(context.HttpContext.Response.StatusCode);
            await ErrorResponses.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, code, message);
        });
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseMiddleware<VerifyEchoMiddleware>();
        if (settings.Metrics)
        {
            // The gauges register on the meter when first resolved; the scrape endpoint is guarded before routing.
            _ = app.Services.GetRequiredService<BatonGauges>();
            app.UseMiddleware<MetricsAccess>(settings);
        }

        app.UseRouting();
        if (settings.Metrics) app.MapPrometheusScrapingEndpoint(MetricsAccess.Path);

        app.MapOpenApi();
        HealthEndpoints.Map(app);

        var v1 = app.MapGroup("/v1");
        AuthEndpoints.MapAnonymous(v1);

        var tenantApi = v1.MapGroup("").AddEndpointFilter<TenantAuthFilter>();
        AuthEndpoints.Map(tenantApi);
        ExecutionEndpoints.Map(tenantApi);
        ClaimEndpoints.Map(tenantApi);
        OutcomeEndpoints.Map(tenantApi);
        WorkerEndpoints.Map(tenantApi);
        RunEndpoints.Map(tenantApi);
        EventEndpoints.Map(tenantApi);
        CueEndpoints.Map(tenantApi);
        VerificationEndpoints.Map(tenantApi);
        AlertEndpoints.Map(tenantApi);
        UsageEndpoints.Map(tenantApi);
        AgentEndpoints.Map(tenantApi);
        MessageEndpoints.Map(tenantApi);
        SubscriptionEndpoints.Map(tenantApi);
        McpEndpoints.Map(app);
        DashboardEndpoints.Map(app);
    }
}

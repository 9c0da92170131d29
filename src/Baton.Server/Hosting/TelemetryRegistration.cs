using Baton.Core.Observability;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Baton.Server.Hosting;

/// <summary>
/// Wires Baton's meter and activity source into the OpenTelemetry .NET SDK: Prometheus at <c>/metrics</c> always
/// (when metrics are on), OTLP for metrics and traces when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set,
/// plus the ASP.NET Core, HttpClient, runtime, process and Npgsql instrumentation.
/// </summary>
internal static class TelemetryRegistration
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Histogram buckets in seconds for Baton's durations: 1 ms to 10 minutes.</summary>
    private static readonly double[] SecondsBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    public static void AddBatonTelemetry(this IServiceCollection services, BatonServerSettings settings)
    {
        services.AddMetrics();
        services.AddSingleton<BatonMetrics>();
        services.AddSingleton<BatonGauges>();
        if (!settings.Metrics && !settings.Tracing) return;

        var otlp = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpointVariable));
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("baton", serviceVersion: ServerVersion.Current));
        if (settings.Metrics)
        {
            telemetry.WithMetrics(m =>
            {
                m.AddMeter(BatonTelemetry.Name, "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddProcessInstrumentation()
                    .AddView(i => i.Meter.Name == BatonTelemetry.Name && i is System.Diagnostics.Metrics.Histogram<double>
                        ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets }
                        : null)
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp) m.AddOtlpExporter();
            });
        }

        if (settings.Tracing)
        {
            telemetry.WithTracing(t =>
            {
                t.AddSource(BatonTelemetry.Name)
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(settings.TraceSampleRatio)))
                    .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments(MetricsAccess.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (otlp) t.AddOtlpExporter();
            });
        }
    }
}

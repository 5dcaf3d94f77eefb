using Forecasting.Pipeline.Hosting;
using Forecasting.Pipeline.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Forecasting.Service;

/// <summary>
/// OpenTelemetry for every host of the service (<c>serve</c>, <c>run</c>), through
/// OpenTelemetry.Extensions.Hosting: the providers start and stop with the host and flush when it is disposed.
/// Exports over OTLP, configured by the standard variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_BSP_SCHEDULE_DELAY</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>...);
/// the service name is <c>OTEL_SERVICE_NAME</c> when set, else <c>forecasting</c>, and the node id is the
/// service instance id.
/// </summary>
/// <remarks>
/// Traces: HTTP server requests (health probes left out: an orchestrator probes every few seconds), HTTP client
/// calls, and our <c>Forecasting.*</c> sources (a span per job execution and per training shard). Quartz's own
/// activity source is not traced: its spans add nothing to our job spans, and an idle node must export nothing.
/// Metrics: ASP.NET Core and HTTP client metrics, .NET runtime metrics, our <c>Forecasting.*</c> meters and Quartz's.
/// </remarks>
public static class TelemetryRegistration
{
    /// <summary>The service name used when <c>OTEL_SERVICE_NAME</c> is not set.</summary>
    public const string DefaultServiceName = "forecasting";

    /// <summary>Adds the providers; the service instance id is this node's id (<c>Forecasting:NodeId</c>).</summary>
    public static IHostApplicationBuilder AddForecastingTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string nodeId = builder.AddForecastingOptions().ResolvedNodeId;
        string serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: nodeId))
            .WithTracing(tracing => tracing
                .AddSource(ForecastingTelemetry.Name, ForecastingTelemetry.Prefix + "*")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter(ForecastingTelemetry.Name, ForecastingTelemetry.Prefix + "*")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter());
        return builder;
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}

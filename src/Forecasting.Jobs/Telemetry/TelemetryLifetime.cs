using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Forecasting.Jobs.Telemetry;

/// <summary>
/// Builds the OpenTelemetry tracer and meter providers (OTLP exporter, configured by the standard OTEL_*
/// environment variables: OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_SERVICE_NAME...)
/// when the host starts and flushes and disposes them when it stops (OpenTelemetry.Extensions.Hosting is not
/// available here). Registered before Quartz's hosted service, so it stops after the jobs have.
/// </summary>
public sealed class TelemetryLifetime(string nodeId) : IHostedService, IDisposable
{
    private TracerProvider? _tracer;
    private MeterProvider? _meter;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        void Resource(ResourceBuilder resource) => resource.AddService("forecasting", serviceInstanceId: nodeId);
        _tracer = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(Resource)
            .AddSource(ForecastingTelemetry.Name, "Quartz")
            .AddOtlpExporter()
            .Build();
        _meter = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(Resource)
            .AddMeter(ForecastingTelemetry.Name, "Quartz")
            .AddOtlpExporter()
            .Build();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _tracer?.ForceFlush(5_000);
        _meter?.ForceFlush(5_000);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _tracer?.Dispose();
        _meter?.Dispose();
    }
}

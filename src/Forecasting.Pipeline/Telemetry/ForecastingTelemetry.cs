using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Forecasting.Pipeline.Telemetry;

/// <summary>
/// The service's own traces and metrics, named <c>Forecasting.Pipeline</c>: a span per job execution and per
/// training shard; counters of series trained, rows ingested and job failures; a histogram of job duration.
/// Label values are bounded (job names, status), never SKU or run ids.
/// </summary>
public static class ForecastingTelemetry
{
    public const string Name = "Forecasting.Pipeline";

    /// <summary>Every source and meter of ours is named under this prefix.</summary>
    public const string Prefix = "Forecasting.";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    public static Counter<long> SeriesTrained { get; } = Meter.CreateCounter<long>("forecasting.series.trained", "{series}", "Series forecast by training shards.");

    public static Counter<long> RowsIngested { get; } = Meter.CreateCounter<long>("forecasting.rows.ingested", "{row}", "Rows read by the ingest job (accepted, rejected or duplicate).");

    public static Counter<long> JobFailures { get; } = Meter.CreateCounter<long>("forecasting.job.failures", "{execution}", "Job executions that ended in an error.");

    public static Counter<long> RowsScored { get; } = Meter.CreateCounter<long>("forecasting.accuracy.rows_scored", "{row}", "Forecast days scored against actuals.");

    public static Counter<long> AlertsRaised { get; } = Meter.CreateCounter<long>("forecasting.accuracy.alerts_raised", "{alert}", "Accuracy alerts raised (drift or coverage), by kind and dimension.");

    public static Histogram<double> JobDuration { get; } = Meter.CreateHistogram<double>("forecasting.job.duration", "s", "Duration of job executions.");
}

using System.Diagnostics.Metrics;
using Forecasting.Core.Accuracy;

namespace Forecasting.Pipeline.Telemetry;

/// <summary>
/// Accuracy as OpenTelemetry gauges on the <see cref="ForecastingTelemetry.Meter"/>: WAPE, bias and p10-p90
/// coverage over the last 28 days by model and horizon bucket (labels <c>model</c>, <c>horizon_bucket</c>; at most
/// <see cref="MaxSeries"/> model x bucket pairs, so cardinality stays bounded), and the number of open alerts.
/// The scoring job publishes a new snapshot after each run; the exporter reads the latest.
/// </summary>
public static class AccuracyGauges
{
    public const int MaxSeries = 64;

    private static volatile Snapshot _latest = new([], 0);

    static AccuracyGauges()
    {
        ForecastingTelemetry.Meter.CreateObservableGauge("forecasting.accuracy.wape", () => Observe(s => s.Wape), "1", "WAPE over the last 28 days by model and horizon bucket.");
        ForecastingTelemetry.Meter.CreateObservableGauge("forecasting.accuracy.bias", () => Observe(s => s.Bias), "1", "Bias (sum of errors / sum of actuals) over the last 28 days.");
        ForecastingTelemetry.Meter.CreateObservableGauge("forecasting.accuracy.coverage", () => Observe(s => s.Coverage), "1", "Share of actuals inside p10-p90 over the last 28 days (target 0.8).");
        ForecastingTelemetry.Meter.CreateObservableGauge("forecasting.accuracy.alerts_open", () => _latest.OpenAlerts, "{alert}", "Accuracy alerts open now.");
    }

    public static void Publish(IReadOnlyList<(string Model, string Bucket, AccuracySums Sums)> rows, int openAlerts) =>
        _latest = new Snapshot([.. rows.OrderByDescending(r => r.Sums.Rows).Take(MaxSeries)], openAlerts);

    private static IEnumerable<Measurement<double>> Observe(Func<AccuracySums, double> metric) =>
        _latest.Rows.Select(r => (r, value: metric(r.Sums))).Where(m => double.IsFinite(m.value))
            .Select(m => new Measurement<double>(m.value, new KeyValuePair<string, object?>("model", m.r.Model), new KeyValuePair<string, object?>("horizon_bucket", m.r.Bucket)));

    private sealed record Snapshot(IReadOnlyList<(string Model, string Bucket, AccuracySums Sums)> Rows, int OpenAlerts);
}

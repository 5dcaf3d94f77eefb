using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Calibration;
using Forecasting.Core.Forecasting.Selection;

namespace Forecasting.Core.Forecasting.Models.LeadingIndicator;

/// <summary>
/// Segment-conformal calibration of the leading indicator's forecasts on the leading indicator's own errors.
/// The pipeline calibrated its bands on the statistical candidates' errors; the indicator's bucket totals
/// are about a quarter more accurate, so those bands are too wide for its means (coverage 0.85-0.87 where
/// 0.80 is asked). Each series is forecast again at past origins exactly as at the last one (the model's
/// bucket totals with the series' conversion, spread over the days with the final forecast's shape) and
/// <see cref="SegmentConformalCalibrator"/> fits its offsets on those errors, by volume class, demand class
/// and horizon bucket.
/// </summary>
internal static class IndicatorCalibration
{
    /// <summary>
    /// The series' mean forecasts and actuals at up to <paramref name="origins"/> past origins, cut-major (as
    /// <see cref="CalibrationSample"/> takes them). Origins are whole weeks apart from the last day, so the final
    /// forecast's weekday shape fits them; a step the final forecast holds at 0 (a weekday the parent never
    /// trades on) is skipped (NaN actual). Null when the series is too short for any origin.
    /// </summary>
    public static (double[] Actuals, double[] Means)? PastErrors(LeadingIndicatorModel model, IndicatorPanel panel, int s, SeriesForecast forecast, double conversion, int origins, Span<double> row)
    {
        var e = panel.Series[s];
        int h = forecast.Horizon, step = 7 * ((h + 6) / 7);
        int count = 0;
        while (count < origins && e.Length - ((count + 1) * step) >= LeadingIndicatorModel.MinOrigin)
        {
            count++;
        }

        if (count == 0)
        {
            return null;
        }

        var shares = Shares(forecast, model.Bounds);
        int hi = forecast.QuantileLevels.Count - 1;
        var actuals = new double[count * h];
        var means = new double[count * h];
        var sales = new double[model.Bounds.Count - 1];
        var signals = new double[sales.Length];
        for (int j = 0; j < count; j++)
        {
            int t = e.Length - ((j + 1) * step);
            model.Totals(panel, s, t, row, sales, signals);
            for (int b = 0; b < sales.Length; b++)
            {
                double total = LeadingIndicatorModel.Converted(sales[b], signals[b], conversion);
                for (int k = model.Bounds[b]; k < model.Bounds[b + 1]; k++)
                {
                    bool closed = forecast.Mean[k] <= 0 && forecast.Quantile(hi)[k] <= 0;
                    actuals[(j * h) + k] = closed ? double.NaN : e.Units[t + k + 1] - e.Units[t + k];
                    means[(j * h) + k] = total * shares[k];
                }
            }
        }

        return (actuals, means);
    }

    /// <summary>Fits one calibrator on the samples and recalibrates those forecasts (the others are returned as they are).</summary>
    public static void Apply(SeriesForecast[] results, IReadOnlyList<(int BatchIndex, double[] Actuals, double[] Means)> errors, IReadOnlyList<DemandSeries> history, ForecastRequest request, CalibrationOptions options)
    {
        var volume = VolumeClasses.Assign(history);
        var demand = new DemandClass[results.Length];
        var samples = new List<CalibrationSample>(errors.Count);
        foreach (var (i, actuals, means) in errors)
        {
            demand[i] = results[i].Choice is { } c && Enum.TryParse<DemandClass>(c.DemandClass, out var known) ? known : DemandClassifier.Classify(history[i].Values).Class;
            samples.Add(new CalibrationSample(results[i], volume[i], demand[i], actuals, means));
        }

        var calibrator = SegmentConformalCalibrator.Fit(samples, request, options);
        if (!calibrator.IsFitted)
        {
            return;
        }

        Parallel.ForEach(errors, error =>
        {
            int i = error.BatchIndex;
            var before = results[i];
            var calibrated = calibrator.Apply(before, volume[i], demand[i], SegmentConformalCalibrator.ResidualScale(error.Actuals, error.Means, request.NonNegative));
            results[i] = Closed(before, calibrated);
        });
    }

    /// <summary>Each step's share of its bucket in the final forecast (even where the bucket's mean is 0).</summary>
    private static double[] Shares(SeriesForecast forecast, IReadOnlyList<int> bounds)
    {
        var shares = new double[forecast.Horizon];
        for (int b = 0; b + 1 < bounds.Count; b++)
        {
            double sum = 0;
            for (int k = bounds[b]; k < bounds[b + 1]; k++)
            {
                sum += Math.Max(0, forecast.Mean[k]);
            }

            for (int k = bounds[b]; k < bounds[b + 1]; k++)
            {
                shares[k] = sum > 1e-9 ? Math.Max(0, forecast.Mean[k]) / sum : 1.0 / (bounds[b + 1] - bounds[b]);
            }
        }

        return shares;
    }

    /// <summary>The calibrated forecast with the steps the uncalibrated one held at 0 (mean and every quantile) kept at 0.</summary>
    private static SeriesForecast Closed(SeriesForecast before, SeriesForecast calibrated)
    {
        int h = before.Horizon, levels = before.QuantileLevels.Count;
        double[]? quantiles = null;
        for (int k = 0; k < h; k++)
        {
            if (before.Mean[k] <= 0 && before.Quantile(levels - 1)[k] <= 0)
            {
                quantiles ??= [.. Enumerable.Range(0, levels).SelectMany(l => calibrated.Quantile(l).ToArray())];
                for (int l = 0; l < levels; l++)
                {
                    quantiles[(l * h) + k] = 0;
                }
            }
        }

        return quantiles is null ? calibrated : new SeriesForecast(before.Key, before.Model, before.Granularity, before.FirstTarget, before.Mean.ToArray(), before.QuantileLevels, quantiles) { Choice = before.Choice };
    }
}

using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Models.LeadingIndicator;

namespace Forecasting.Core.Forecasting.Signals;

/// <summary>What the leading-indicator step learned and did in one forecast call.</summary>
/// <param name="SeriesWithSignals">Series of the batch that had signals (daily).</param>
/// <param name="TrainingRows">Sampled (series, origin) rows the regressions were fitted on.</param>
/// <param name="ValidationWapeSales">Hold-out WAPE of the sales-only regression (bucket totals, last horizon).</param>
/// <param name="ValidationWapeSignals">The same with interest.</param>
/// <param name="Used">Interest beat sales alone on the hold-out, so uplifts were applied.</param>
/// <param name="Uplifted">Series whose forecast the uplift moved by more than 5 %.</param>
public sealed record LeadingIndicatorReport(int SeriesWithSignals, int TrainingRows, double ValidationWapeSales, double ValidationWapeSignals, bool Used, int Uplifted)
{
    public static LeadingIndicatorReport None { get; } = new(0, 0, double.NaN, double.NaN, false, 0);
}

/// <summary>
/// The automatic pipeline with platform interest as a leading indicator. The baseline (normally
/// <see cref="Selection.AutoForecaster"/>) forecasts every series from its sales; where the batch has
/// signals, a <see cref="LeadingIndicatorModel"/> is trained across all of them and, when its interest
/// regression beats its sales-only regression on the hold-out (a cross-validation of the whole candidate,
/// not per series: a trend is too rare in one series' past to be validated there), each series' total per
/// horizon bucket comes from the regressions and the baseline only shapes it day by day. The interest
/// part of the total is damped by the share of its past interest moves the series itself converted, so a
/// series whose views spiked before without sales does not follow a new spike. Those forecasts are named
/// <c>LeadingIndicator(baseline model)</c>. Without signals the result is exactly the baseline's.
/// </summary>
public sealed class LeadingIndicatorForecaster(IForecaster baseline, SignalPanel signals, LeadingIndicatorOptions? options = null) : IForecaster
{
    /// <summary>A series whose interest model and sales model differ by less than 2 % skips the conversion check.</summary>
    private const double Negligible = 0.02;

    private readonly LeadingIndicatorOptions _options = Validated(options ?? new LeadingIndicatorOptions());

    public string Name => baseline.Name;

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        ForecastWithReport(history, request, progress, cancellationToken).Forecasts;

    public (IReadOnlyList<SeriesForecast> Forecasts, LeadingIndicatorReport Report) ForecastWithReport(
        IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(request);
        return Apply(history, baseline.Forecast(history, request, progress, cancellationToken), request, cancellationToken);
    }

    /// <summary>The uplift step alone, on forecasts the baseline already made for <paramref name="history"/> (same order).</summary>
    public (IReadOnlyList<SeriesForecast> Forecasts, LeadingIndicatorReport Report) Apply(
        IReadOnlyList<DemandSeries> history, IReadOnlyList<SeriesForecast> forecasts, ForecastRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(forecasts);
        ArgumentNullException.ThrowIfNull(request);
        if (signals.Count == 0)
        {
            return (forecasts, LeadingIndicatorReport.None);
        }

        var panel = IndicatorPanel.Build(history, signals);
        if (panel.Series.Length == 0)
        {
            return (forecasts, LeadingIndicatorReport.None);
        }

        var model = LeadingIndicatorModel.Train(panel, request.Horizon, _options, cancellationToken);
        if (!model.Useful)
        {
            return (forecasts, new LeadingIndicatorReport(panel.Series.Length, model.TrainingRows, model.ValidationWapeSales, model.ValidationWapeSignals, false, 0));
        }

        var results = forecasts.ToArray();
        var errors = new (int BatchIndex, double[] Actuals, double[] Means)?[panel.Series.Length];
        int uplifted = 0;
        Parallel.For(0, panel.Series.Length, new ParallelOptions { CancellationToken = cancellationToken }, () => new Scratch(panel.Columns, model.Bounds.Count - 1), (s, _, scratch) =>
        {
            var e = panel.Series[s];
            model.Totals(panel, s, e.Length, scratch.Row, scratch.Sales, scratch.Signals);
            double conversion = 1;
            if (scratch.Signals.Zip(scratch.Sales).Any(p => Math.Abs(Math.Log(p.First / p.Second)) > Negligible))
            {
                conversion = model.Conversion(panel, s, request.Horizon, _options.OriginStep, _options.ConversionPrior, scratch.Row);
            }

            var baseline = results[e.BatchIndex];
            var mean = new double[request.Horizon];
            for (int b = 0; b < scratch.Sales.Length; b++)
            {
                // Interest moves the total only as far as this series' past interest converted.
                double total = LeadingIndicatorModel.Converted(scratch.Sales[b], scratch.Signals[b], conversion);
                int from = model.Bounds[b], to = model.Bounds[b + 1];
                double shape = 0;
                for (int k = from; k < to; k++)
                {
                    shape += Math.Max(0, baseline.Mean[k]);
                }

                for (int k = from; k < to; k++)
                {
                    mean[k] = shape > 1e-9 ? total * Math.Max(0, baseline.Mean[k]) / shape : total / (to - from);
                }
            }

            results[e.BatchIndex] = Rescaled(baseline, mean, _options);
            if (_options.Calibration is not null && IndicatorCalibration.PastErrors(model, panel, s, results[e.BatchIndex], conversion, _options.CalibrationOrigins, scratch.Row) is { } past)
            {
                errors[s] = (e.BatchIndex, past.Actuals, past.Means);
            }

            if (!MeansClose(baseline.Mean, mean))
            {
                Interlocked.Increment(ref uplifted);
            }

            return scratch;
        }, _ => { });
        if (_options.Calibration is { } calibration)
        {
            IndicatorCalibration.Apply(results, [.. errors.OfType<(int, double[], double[])>()], history, request, calibration);
        }

        return (results, new LeadingIndicatorReport(panel.Series.Length, model.TrainingRows, model.ValidationWapeSales, model.ValidationWapeSignals, true, uplifted));
    }

    private sealed class Scratch(int columns, int buckets)
    {
        public double[] Row { get; } = new double[IndicatorFeatures.Count(columns)];

        public double[] Sales { get; } = new double[buckets];

        public double[] Signals { get; } = new double[buckets];
    }

    private static bool MeansClose(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sa = 0, sb = 0;
        for (int t = 0; t < a.Length; t++)
        {
            sa += a[t];
            sb += b[t];
        }

        return Math.Abs(sa - sb) <= Negligible * Math.Max(sa, 1e-9);
    }

    /// <summary>
    /// The baseline's forecast carried to the model's means: upper quantiles scale up with a rising mean,
    /// lower ones down with a falling mean (the band only widens); where the baseline mean is zero the upper quantiles
    /// move up by the new mean and the lower ones stay.
    /// </summary>
    private static SeriesForecast Rescaled(SeriesForecast forecast, double[] mean, LeadingIndicatorOptions options)
    {
        int h = forecast.Horizon, levels = forecast.QuantileLevels.Count;
        var quantiles = new double[levels * h];
        for (int t = 0; t < h; t++)
        {
            double before = forecast.Mean[t];
            double factor = before > 1e-9 ? Math.Clamp(mean[t] / before, options.MinUplift, options.MaxUplift) : double.NaN;
            for (int l = 0; l < levels; l++)
            {
                // The band only widens: a quantile moves with the mean away from the median, never toward it
                // (integer daily demand falls outside a band shrunk under 1 unit; measured coverage 0.61 otherwise).
                double q = forecast.Quantile(l)[t];
                double f = forecast.QuantileLevels[l] >= 0.5 ? Math.Max(1, factor) : Math.Min(1, factor);
                bool upper = forecast.QuantileLevels[l] >= 0.5;
                quantiles[(l * h) + t] = Math.Max(0, double.IsNaN(factor) ? (upper ? q + mean[t] : q) : q * f);
            }
        }

        string model = $"LeadingIndicator({forecast.Model})";
        var choice = forecast.Choice is { } c ? c with { Chosen = model, RunnerUp = forecast.Model, RunnerUpScore = c.Score } : null;
        return new SeriesForecast(forecast.Key, model, forecast.Granularity, forecast.FirstTarget, mean, forecast.QuantileLevels, quantiles) { Choice = choice };
    }

    private static LeadingIndicatorOptions Validated(LeadingIndicatorOptions options)
    {
        options.Validate();
        return options;
    }
}

using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting.Models;

/// <summary>Helpers shared by the classical models: cleaning the history and building forecasts.</summary>
internal static class ModelSupport
{
    /// <summary>The series' values with NaN gaps filled by the previous value (leading NaN dropped).</summary>
    public static double[] Clean(DemandSeries series)
    {
        var values = series.Values;
        int first = 0;
        while (first < values.Length && double.IsNaN(values[first]))
        {
            first++;
        }

        var clean = new double[values.Length - first];
        for (int t = first; t < values.Length; t++)
        {
            clean[t - first] = double.IsNaN(values[t]) ? clean[t - first - 1] : values[t];
        }

        return clean;
    }

    /// <summary>A flat forecast with the same quantile offsets at every step, taken from the empirical
    /// distribution of one-step errors (split-conformal level correction (n + 1) / n), clamped at 0 for demand.</summary>
    public static SeriesForecast FlatWithEmpiricalQuantiles(DemandSeries series, string model, double level, List<double> errors, ForecastRequest request)
    {
        int horizon = request.Horizon;
        var mean = new double[horizon];
        Array.Fill(mean, request.NonNegative ? Math.Max(0, level) : level);
        var levels = request.QuantileLevels;
        var quantiles = new double[levels.Count * horizon];
        var sorted = errors.Where(double.IsFinite).ToArray();
        Array.Sort(sorted);
        for (int q = 0; q < levels.Count; q++)
        {
            double offset = 0;
            if (sorted.Length > 0)
            {
                double corrected = Math.Clamp(0.5 + ((levels[q] - 0.5) * (sorted.Length + 1) / sorted.Length), 0, 1);
                offset = Ssa.SsaEngine.EmpiricalQuantile(sorted, corrected);
            }

            double value = level + offset;
            Array.Fill(quantiles, request.NonNegative ? Math.Max(0, value) : value, q * horizon, horizon);
        }

        return new SeriesForecast(series.Key, model, series.Granularity, series.PeriodStart(series.Length), mean, levels, quantiles);
    }

    public static SeriesForecast Zero(DemandSeries series, string model, ForecastRequest request) =>
        new(series.Key, model, series.Granularity, series.PeriodStart(series.Length), new double[request.Horizon], request.QuantileLevels, new double[request.QuantileLevels.Count * request.Horizon]);

    /// <summary>Runs <paramref name="one"/> over the batch on all cores (chunks of 64 series); each series
    /// depends only on its own data, so results do not depend on the number of threads.</summary>
    public static IReadOnlyList<SeriesForecast> Each(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress, CancellationToken cancellationToken, Func<DemandSeries, SeriesForecast> one)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var result = new SeriesForecast[history.Count];
        const int chunk = 64;
        int done = 0;
        Parallel.For(0, (history.Count + chunk - 1) / chunk, new ParallelOptions { CancellationToken = cancellationToken }, c =>
        {
            int end = Math.Min(history.Count, (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                result[i] = one(history[i]);
            }

            progress?.Report(Interlocked.Add(ref done, end - (c * chunk)));
        });
        return result;
    }

    /// <summary>Minimises f over a box by golden-section search (one parameter).</summary>
    public static double GoldenSection(Func<double, double> f, double low, double high, int iterations = 24)
    {
        double ratio = (Math.Sqrt(5) - 1) / 2;
        double a = low, b = high;
        double c = b - (ratio * (b - a)), d = a + (ratio * (b - a));
        double fc = f(c), fd = f(d);
        for (int i = 0; i < iterations; i++)
        {
            if (fc < fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - (ratio * (b - a));
                fc = f(c);
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + (ratio * (b - a));
                fd = f(d);
            }
        }

        return (a + b) / 2;
    }
}

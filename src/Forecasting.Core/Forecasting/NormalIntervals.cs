using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting;

/// <summary>Builds a <see cref="SeriesForecast"/> from point forecasts and a normal forecast standard
/// deviation per step (the fpp3 section 5.5 benchmark intervals).</summary>
internal static class NormalIntervals
{
    public static SeriesForecast Build(DemandSeries series, string model, double[] mean, ReadOnlySpan<double> sd, ForecastRequest request)
    {
        var levels = request.QuantileLevels;
        int horizon = mean.Length;
        var quantiles = new double[levels.Count * horizon];
        for (int l = 0; l < levels.Count; l++)
        {
            double z = NormalDistribution.InverseCdf(levels[l]);
            for (int h = 0; h < horizon; h++)
            {
                double value = mean[h] + (z * sd[h]);
                quantiles[(l * horizon) + h] = request.NonNegative ? Math.Max(0, value) : value;
            }
        }

        if (request.NonNegative)
        {
            for (int h = 0; h < horizon; h++)
            {
                mean[h] = Math.Max(0, mean[h]);
            }
        }

        return new SeriesForecast(series.Key, model, series.Granularity, series.PeriodStart(series.Length), mean, levels, quantiles);
    }

    /// <summary>Root mean square of x_t - x_{t-lag} over the series (the residual sigma of a naive method).
    /// 0 when the series has no more than <paramref name="lag"/> points.</summary>
    public static double ResidualSigma(ReadOnlySpan<double> values, int lag)
    {
        if (values.Length <= lag)
        {
            return 0;
        }

        double sum = 0;
        for (int t = lag; t < values.Length; t++)
        {
            double d = values[t] - values[t - lag];
            sum += d * d;
        }

        return Math.Sqrt(sum / (values.Length - lag));
    }
}

using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting.Models;

/// <summary>
/// The Theta method as the M4 competition's benchmark (Assimakopoulos and Nikolopoulos 2000): seasonal
/// adjustment by <see cref="SeasonalAdjustment"/> when the 90 % test finds seasonality at the request's
/// season length, then the equal-weight combination of theta lines 0 and 2, i.e. SES with drift
/// (Hyndman and Billah 2003): y_{n+h} = l_n + b0 / 2 ((h - 1) + 1 / alpha - (1 - alpha)^n / alpha), b0 the
/// least-squares slope of the adjusted series; reseasonalised. Intervals: SES's analytic ones around
/// the Theta forecast (as forecast::thetaf). Fewer than 3 points fall back to SES.
/// </summary>
public sealed class ThetaForecaster : IOriginForecaster
{
    public string Name => "Theta";

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        ModelSupport.Each(history, request, progress, cancellationToken, series => ForecastOne(series, request));

    /// <summary>Seasonal indices and alpha fitted on the whole history; each origin's level, slope and
    /// decay from the (adjusted) values before it.</summary>
    public SeriesForecast ForecastWithOrigins(DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans)
    {
        var raw = ModelSupport.Clean(series);
        if (raw.Length < 3)
        {
            return SesForecaster.ForecastWithOrigins(series, request, cuts, originMeans, Name + "(fallback:SES)");
        }

        var (y, indices, alpha) = Fit(raw, request.SeasonLength);
        int first = series.Length - raw.Length, h = request.Horizon, m = request.SeasonLength;
        for (int j = 0; j < cuts.Length; j++)
        {
            int known = cuts[j] - first;
            var means = originMeans.Slice(j * h, h);
            if (known < 3)
            {
                means.Fill(raw[0]);
                continue;
            }

            Means(y.AsSpan(0, known), alpha, indices, m, means);
        }

        return Build(series, raw, y, indices, alpha, request);
    }

    private SeriesForecast ForecastOne(DemandSeries series, ForecastRequest request)
    {
        var raw = ModelSupport.Clean(series);
        if (raw.Length < 3)
        {
            return SesForecaster.ForecastOne(series, request, Name + "(fallback:SES)");
        }

        var (y, indices, alpha) = Fit(raw, request.SeasonLength);
        return Build(series, raw, y, indices, alpha, request);
    }

    private static (double[] Adjusted, double[]? Indices, double Alpha) Fit(double[] raw, int m)
    {
        var indices = SeasonalAdjustment.Indices(raw, m);
        var y = indices is null ? raw : [.. raw.Select((v, t) => v / indices[t % m])];
        return (y, indices, SesForecaster.FitAlpha(y));
    }

    /// <summary>The reseasonalised Theta forecast of the periods after the (adjusted) values <paramref name="y"/>.</summary>
    private static void Means(ReadOnlySpan<double> y, double alpha, double[]? indices, int m, Span<double> means)
    {
        int n = y.Length;
        double level = SesForecaster.Smooth(y, alpha).Level, drift = Slope(y) / 2, decay = Math.Pow(1 - alpha, n) / alpha;
        for (int k = 0; k < means.Length; k++)
        {
            means[k] = (level + (drift * (k + (1 / alpha) - decay))) * (indices is null ? 1 : indices[(n + k) % m]);
        }
    }

    private SeriesForecast Build(DemandSeries series, double[] raw, double[] y, double[]? indices, double alpha, ForecastRequest request)
    {
        int n = raw.Length, m = request.SeasonLength;
        double sigma = Math.Sqrt(SesForecaster.Smooth(y, alpha).Sse / (n - 1));
        var mean = new double[request.Horizon];
        Means(y, alpha, indices, m, mean);
        var sd = new double[request.Horizon];
        for (int h = 1; h <= mean.Length; h++)
        {
            sd[h - 1] = sigma * Math.Sqrt(1 + ((h - 1) * alpha * alpha)) * (indices is null ? 1 : indices[(n + h - 1) % m]);
        }

        return NormalIntervals.Build(series, Name, mean, sd, request);
    }

    /// <summary>Least-squares slope of y on t = 0..n-1.</summary>
    internal static double Slope(ReadOnlySpan<double> y)
    {
        int n = y.Length;
        double tMean = (n - 1) / 2.0, yMean = 0;
        foreach (double v in y)
        {
            yMean += v;
        }

        yMean /= n;
        double covariance = 0, variance = 0;
        for (int t = 0; t < n; t++)
        {
            covariance += (t - tMean) * (y[t] - yMean);
            variance += (t - tMean) * (t - tMean);
        }

        return variance == 0 ? 0 : covariance / variance;
    }
}

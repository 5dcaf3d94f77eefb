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
public sealed class ThetaForecaster : IForecaster
{
    public string Name => "Theta";

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        ModelSupport.Each(history, request, progress, cancellationToken, series => ForecastOne(series, request));

    private SeriesForecast ForecastOne(DemandSeries series, ForecastRequest request)
    {
        var raw = ModelSupport.Clean(series);
        int n = raw.Length;
        if (n < 3)
        {
            return SesForecaster.ForecastOne(series, request, Name + "(fallback:SES)");
        }

        int m = request.SeasonLength;
        var indices = SeasonalAdjustment.Indices(raw, m);
        var y = indices is null ? raw : [.. raw.Select((v, t) => v / indices[t % m])];
        double alpha = SesForecaster.FitAlpha(y);
        var (level, sse) = SesForecaster.Smooth(y, alpha);
        double slope = Slope(y);
        double sigma = Math.Sqrt(sse / (n - 1));
        var mean = new double[request.Horizon];
        var sd = new double[request.Horizon];
        double decay = Math.Pow(1 - alpha, n) / alpha;
        for (int h = 1; h <= mean.Length; h++)
        {
            double season = indices is null ? 1 : indices[(n + h - 1) % m];
            mean[h - 1] = (level + (slope / 2 * ((h - 1) + (1 / alpha) - decay))) * season;
            sd[h - 1] = sigma * Math.Sqrt(1 + ((h - 1) * alpha * alpha)) * season;
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

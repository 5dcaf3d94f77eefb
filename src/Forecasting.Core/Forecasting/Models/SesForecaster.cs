using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting.Models;

/// <summary>
/// Simple exponential smoothing, ETS(A,N,N): level l_t = alpha y_t + (1 - alpha) l_{t-1}, l_0 = y_0, flat
/// forecast l_n. Alpha minimises the in-sample one-step squared error (golden-section search on
/// [0.0001, 0.9999]). Intervals are the model's analytic ones: sd_h = sigma sqrt(1 + (h - 1) alpha^2),
/// sigma^2 = SSE / (n - 1) (Hyndman et al. 2008, table 6.1).
/// </summary>
public sealed class SesForecaster : IOriginForecaster
{
    public string Name => "SES";

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        ModelSupport.Each(history, request, progress, cancellationToken, series => ForecastOne(series, request, Name));

    /// <summary>Alpha fitted on the whole history; each origin's level smoothed from the values before it.</summary>
    public SeriesForecast ForecastWithOrigins(DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans) =>
        ForecastWithOrigins(series, request, cuts, originMeans, Name);

    /// <summary>As the instance method, under <paramref name="name"/> (the models that fall back to SES).</summary>
    internal static SeriesForecast ForecastWithOrigins(DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans, string name)
    {
        var y = ModelSupport.Clean(series);
        int first = series.Length - y.Length;
        double alpha = y.Length < 3 ? 0.5 : FitAlpha(y);
        OriginForecasts.Flat(cuts, originMeans, request.Horizon, cut => cut - first < 1 ? (y.Length > 0 ? y[0] : 0) : Smooth(y.AsSpan(0, cut - first), alpha).Level);
        return Build(series, y, alpha, request, name);
    }

    internal static SeriesForecast ForecastOne(DemandSeries series, ForecastRequest request, string name)
    {
        var y = ModelSupport.Clean(series);
        return Build(series, y, y.Length < 3 ? 0.5 : FitAlpha(y), request, name);
    }

    private static SeriesForecast Build(DemandSeries series, double[] y, double alpha, ForecastRequest request, string name)
    {
        if (y.Length == 0)
        {
            return ModelSupport.Zero(series, name, request);
        }

        var (level, sse) = Smooth(y, alpha);
        double sigma = y.Length > 1 ? Math.Sqrt(sse / (y.Length - 1)) : 0;
        var mean = new double[request.Horizon];
        var sd = new double[request.Horizon];
        for (int h = 0; h < mean.Length; h++)
        {
            mean[h] = level;
            sd[h] = sigma * Math.Sqrt(1 + (h * alpha * alpha));
        }

        return NormalIntervals.Build(series, name, mean, sd, request);
    }

    /// <summary>Final level and the sum of squared one-step errors for a given alpha.</summary>
    internal static (double Level, double Sse) Smooth(ReadOnlySpan<double> y, double alpha)
    {
        double level = y[0], sse = 0;
        for (int t = 1; t < y.Length; t++)
        {
            double error = y[t] - level;
            sse += error * error;
            level += alpha * error;
        }

        return (level, sse);
    }

    internal static double FitAlpha(double[] y) => ModelSupport.GoldenSection(alpha => Smooth(y, alpha).Sse, 0.0001, 0.9999);
}

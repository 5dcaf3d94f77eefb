using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting.Models;

/// <summary>
/// Additive damped trend (Gardner and McKenzie 1985), ETS(A,Ad,N): l_t = alpha y_t + (1 - alpha)(l_{t-1} + phi b_{t-1}),
/// b_t = beta (l_t - l_{t-1}) + (1 - beta) phi b_{t-1}, forecast l_n + (phi + ... + phi^h) b_n, with l_0 = y_0 and
/// b_0 = y_1 - y_0. (alpha, beta, phi) minimise the in-sample one-step squared error by Nelder-Mead with
/// alpha, beta in [0.0001, 0.9999] and phi in [0.8, 0.98]. Intervals analytic: sd_h^2 = sigma^2 (1 + sum_{j&lt;h}
/// c_j^2), c_j = alpha (1 + beta phi (1 - phi^j) / (1 - phi)) (Hyndman et al. 2008, class 1). Fewer than
/// 4 points fall back to SES.
/// </summary>
public sealed class HoltDampedForecaster : IOriginForecaster
{
    public string Name => "HoltDamped";

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        ModelSupport.Each(history, request, progress, cancellationToken, series => ForecastOne(series, request));

    /// <summary>(alpha, beta, phi) fitted on the whole history; each origin's level and trend run from the values before it.</summary>
    public SeriesForecast ForecastWithOrigins(DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans)
    {
        var y = ModelSupport.Clean(series);
        if (y.Length < 4)
        {
            return SesForecaster.ForecastWithOrigins(series, request, cuts, originMeans, Name + "(fallback:SES)");
        }

        var (alpha, beta, phi) = Fit(y);
        int first = series.Length - y.Length, h = request.Horizon;
        for (int j = 0; j < cuts.Length; j++)
        {
            int known = cuts[j] - first;
            var (level, trend, _) = known >= 2 ? Run(y.AsSpan(0, known), alpha, beta, phi) : (y[0], 0, 0);
            double damp = 0;
            for (int k = 0; k < h; k++)
            {
                damp = (damp + 1) * phi;
                originMeans[(j * h) + k] = level + (damp * trend);
            }
        }

        return Build(series, y, alpha, beta, phi, request);
    }

    private SeriesForecast ForecastOne(DemandSeries series, ForecastRequest request)
    {
        var y = ModelSupport.Clean(series);
        if (y.Length < 4)
        {
            return SesForecaster.ForecastOne(series, request, Name + "(fallback:SES)");
        }

        var (alpha, beta, phi) = Fit(y);
        return Build(series, y, alpha, beta, phi, request);
    }

    private static (double Alpha, double Beta, double Phi) Fit(double[] y)
    {
        var sse = new HoltSse(y);
        var best = NelderMead.Minimize(p => sse.Evaluate(p[0], p[1], p[2]), [0.3, 0.1, 0.9], [0.0001, 0.0001, 0.8], [0.9999, 0.9999, 0.98], tolerance: 1e-4, floor: 1e-10 * sse.Scale);
        return (best[0], best[1], best[2]);
    }

    private SeriesForecast Build(DemandSeries series, double[] y, double alpha, double beta, double phi, ForecastRequest request)
    {
        var (level, trend, sse) = Run(y, alpha, beta, phi);
        double sigma2 = sse / (y.Length - 1);
        var mean = new double[request.Horizon];
        var sd = new double[request.Horizon];
        double damp = 0, variance = 1;
        for (int h = 1; h <= mean.Length; h++)
        {
            damp += Math.Pow(phi, h);
            mean[h - 1] = level + (damp * trend);
            sd[h - 1] = Math.Sqrt(sigma2 * variance);
            double c = alpha * (1 + (beta * phi * (1 - Math.Pow(phi, h)) / (1 - phi)));
            variance += c * c;
        }

        return NormalIntervals.Build(series, Name, mean, sd, request);
    }

    internal static (double Level, double Trend, double Sse) Run(ReadOnlySpan<double> y, double alpha, double beta, double phi)
    {
        // trend_t = beta (l_t - l_{t-1}) + (1 - beta) phi b_{t-1} = phi b_{t-1} + alpha beta e_t: the same
        // recursion with a shorter dependency chain per step (the fit runs it ~100 times per series).
        double level = y[0], trend = y[1] - y[0], sse = 0, alphaBeta = alpha * beta;
        for (int t = 1; t < y.Length; t++)
        {
            double damped = phi * trend;
            double forecast = level + damped;
            double error = y[t] - forecast;
            sse += error * error;
            level = forecast + (alpha * error);
            trend = damped + (alphaBeta * error);
        }

        return (level, trend, sse);
    }
}

using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting.Models;

/// <summary>Which smoothing rule an intermittent-demand forecaster applies.</summary>
public enum IntermittentMethod
{
    /// <summary>Croston (1972): sizes z and intervals p smoothed at each demand; forecast z / p.</summary>
    Croston,

    /// <summary>Syntetos-Boylan approximation (2005): Croston's forecast times (1 - alpha / 2), removing its bias.</summary>
    Sba,

    /// <summary>Teunter, Syntetos and Babai (2011): demand probability d smoothed every period (beta), size z at each demand; forecast d z.</summary>
    Tsb,
}

/// <summary>
/// Croston, SBA and TSB for intermittent demand. Initialisation: z = the first non-zero demand, p = its
/// position + 1 (periods up to and including the first demand), TSB's d = the share of non-zero periods.
/// Smoothing constants are fixed (alpha = beta = 0.1 by default, the usual choice in the literature).
/// Quantiles: flat, from the empirical distribution of the in-sample one-step errors after the first
/// demand (a split-conformal rule), clamped at 0. A history without any demand forecasts 0.
/// </summary>
public sealed class IntermittentForecaster(IntermittentMethod method, double alpha = 0.1, double beta = 0.1) : IOriginMeansForecaster
{
    public string Name => method switch
    {
        IntermittentMethod.Croston => "Croston",
        IntermittentMethod.Sba => "SBA",
        _ => "TSB",
    };

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        ModelSupport.Each(history, request, progress, cancellationToken, series => ForecastOne(series, ModelSupport.Clean(series), request));

    /// <summary>Fixed constants: each origin's forecast is exactly a refit on the values before it.</summary>
    public SeriesForecast ForecastWithOrigins(DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans)
    {
        var y = ModelSupport.Clean(series);
        Origins(series, y, request, cuts, originMeans);
        return ForecastOne(series, y, request);
    }

    public void OriginMeans(DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans) =>
        Origins(series, ModelSupport.Clean(series), request, cuts, originMeans);

    private void Origins(DemandSeries series, double[] y, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans)
    {
        int first = series.Length - y.Length;
        OriginForecasts.Flat(cuts, originMeans, request.Horizon, cut => Run(y.AsSpan(0, Math.Max(0, cut - first)), method, alpha, beta));
    }

    private SeriesForecast ForecastOne(DemandSeries series, double[] y, ForecastRequest request)
    {
        var errors = new List<double>(y.Length);
        double level = Run(y, method, alpha, beta, errors);
        return ModelSupport.FlatWithEmpiricalQuantiles(series, Name, level, errors, request);
    }

    /// <summary>The forecast after the whole history; <paramref name="errors"/> receives y_t - forecast_{t-1}.</summary>
    internal static double Run(ReadOnlySpan<double> y, IntermittentMethod method, double alpha, double beta, List<double>? errors = null)
    {
        int first = -1, nonZero = 0;
        for (int t = 0; t < y.Length; t++)
        {
            if (y[t] > 0)
            {
                nonZero++;
                if (first < 0)
                {
                    first = t;
                }
            }
        }

        if (first < 0)
        {
            return 0;
        }

        double z = y[first], p = first + 1, d = nonZero / (double)y.Length;
        int sinceDemand = 1;
        double Forecast() => method switch
        {
            IntermittentMethod.Croston => z / p,
            IntermittentMethod.Sba => z / p * (1 - (alpha / 2)),
            _ => d * z,
        };

        for (int t = first + 1; t < y.Length; t++)
        {
            errors?.Add(y[t] - Forecast());
            if (y[t] > 0)
            {
                z += alpha * (y[t] - z);
                p += alpha * (sinceDemand - p);
                d += beta * (1 - d);
                sinceDemand = 1;
            }
            else
            {
                d -= beta * d;
                sinceDemand++;
            }
        }

        return Forecast();
    }
}

/// <summary>Mean of the last <c>window</c> values, flat; quantiles from the in-sample one-step errors of
/// the rolling mean (split-conformal), clamped at 0.</summary>
public sealed class WindowAverageForecaster(int window = 28) : IOriginMeansForecaster
{
    public string Name => "WindowAverage";

    /// <summary>Each origin's forecast is exactly a refit on the values before it.</summary>
    public SeriesForecast ForecastWithOrigins(DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans)
    {
        var y = ModelSupport.Clean(series);
        Origins(series, y, request, cuts, originMeans);
        return ForecastOne(series, y, request);
    }

    public void OriginMeans(DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans) =>
        Origins(series, ModelSupport.Clean(series), request, cuts, originMeans);

    private void Origins(DemandSeries series, double[] y, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans)
    {
        int first = series.Length - y.Length;
        OriginForecasts.Flat(cuts, originMeans, request.Horizon, cut =>
        {
            int known = Math.Max(0, cut - first), w = Math.Min(window, known);
            double sum = 0;
            for (int t = known - w; t < known; t++)
            {
                sum += y[t];
            }

            return w == 0 ? 0 : sum / w;
        });
    }

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        ModelSupport.Each(history, request, progress, cancellationToken, series => ForecastOne(series, ModelSupport.Clean(series), request));

    private SeriesForecast ForecastOne(DemandSeries series, double[] y, ForecastRequest request)
    {
        if (y.Length == 0)
        {
            return ModelSupport.Zero(series, Name, request);
        }

        int w = Math.Min(window, y.Length);
        var errors = new List<double>(y.Length);
        double sum = 0;
        for (int t = 0; t < y.Length; t++)
        {
            if (t >= w)
            {
                errors.Add(y[t] - (sum / w));
                sum -= y[t - w];
            }

            sum += y[t];
        }

        return ModelSupport.FlatWithEmpiricalQuantiles(series, Name, sum / w, errors, request);
    }
}

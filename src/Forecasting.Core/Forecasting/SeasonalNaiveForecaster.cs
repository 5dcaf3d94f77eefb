using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting;

/// <summary>
/// Seasonal naive: step h forecasts the value one season before it, y_{T+h-m(k+1)} with k = floor((h-1)/m).
/// Intervals are normal with sd = sigma * sqrt(k + 1), sigma the RMS of y_t - y_{t-m} (fpp3, section 5.5).
/// A series shorter than one season falls back to <see cref="NaiveForecaster"/>, named
/// "SeasonalNaive(fallback:Naive)" so the fallback is visible in stored forecasts.
/// </summary>
public sealed class SeasonalNaiveForecaster : IOriginForecaster
{
    public const string FallbackName = "SeasonalNaive(fallback:Naive)";

    public string Name => "SeasonalNaive";

    public SeriesForecast ForecastWithOrigins(DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans)
    {
        var values = series.Values;
        int m = request.SeasonLength, h = request.Horizon;
        for (int j = 0; j < cuts.Length; j++)
        {
            int cut = cuts[j];
            for (int k = 0; k < h; k++)
            {
                originMeans[(j * h) + k] = cut == 0 ? 0 : cut < m ? values[cut - 1] : values[cut - m + (k % m)];
            }
        }

        return Forecast([series], request)[0];
    }

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        int m = request.SeasonLength;
        var result = new SeriesForecast[history.Count];
        var sd = new double[request.Horizon];
        for (int i = 0; i < history.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var series = history[i];
            if (series.Length < m)
            {
                result[i] = NaiveForecaster.ForecastOne(series, request, sd, FallbackName);
            }
            else
            {
                var values = series.Values;
                var mean = new double[request.Horizon];
                double sigma = NormalIntervals.ResidualSigma(values, m);
                for (int h = 1; h <= mean.Length; h++)
                {
                    int k = (h - 1) / m;
                    mean[h - 1] = values[values.Length - m + ((h - 1) % m)];
                    sd[h - 1] = sigma * Math.Sqrt(k + 1);
                }

                result[i] = NormalIntervals.Build(series, Name, mean, sd, request);
            }

            progress?.Report(i + 1);
        }

        return result;
    }
}

using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting;

/// <summary>
/// Naive: every step forecasts the last observed value. Intervals are normal with sd = sigma * sqrt(h),
/// sigma the RMS of the one-step residuals y_t - y_{t-1} (Hyndman and Athanasopoulos, fpp3, section 5.5).
/// </summary>
public sealed class NaiveForecaster : IOriginForecaster
{
    public string Name => "Naive";

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var result = new SeriesForecast[history.Count];
        var sd = new double[request.Horizon];
        for (int i = 0; i < history.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result[i] = ForecastOne(history[i], request, sd, Name);
            progress?.Report(i + 1);
        }

        return result;
    }

    public SeriesForecast ForecastWithOrigins(DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans)
    {
        var values = series.Values;
        int h = request.Horizon;
        for (int j = 0; j < cuts.Length; j++)
        {
            originMeans.Slice(j * h, h).Fill(cuts[j] == 0 ? 0 : values[cuts[j] - 1]);
        }

        return ForecastOne(series, request, new double[request.Horizon], Name);
    }

    internal static SeriesForecast ForecastOne(DemandSeries series, ForecastRequest request, double[] sd, string name)
    {
        var values = series.Values;
        var mean = new double[request.Horizon];
        double last = values.IsEmpty ? 0 : values[^1];
        double sigma = NormalIntervals.ResidualSigma(values, 1);
        for (int h = 0; h < mean.Length; h++)
        {
            mean[h] = last;
            sd[h] = sigma * Math.Sqrt(h + 1);
        }

        return NormalIntervals.Build(series, name, mean, sd, request);
    }
}

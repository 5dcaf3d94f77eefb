using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting.Models;

/// <summary>
/// Naive2, the M4 reference for OWA: the naive forecast of the seasonally adjusted series
/// (<see cref="SeasonalAdjustment"/>), reseasonalised; plain naive when the series is not seasonal at the
/// request's season length (always for m = 1). Intervals as <see cref="NaiveForecaster"/>'s, scaled by the index.
/// </summary>
public sealed class Naive2Forecaster : IForecaster
{
    public string Name => "Naive2";

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        ModelSupport.Each(history, request, progress, cancellationToken, series => ForecastOne(series, request));

    private SeriesForecast ForecastOne(DemandSeries series, ForecastRequest request)
    {
        var raw = ModelSupport.Clean(series);
        int n = raw.Length, m = request.SeasonLength;
        if (n == 0)
        {
            return ModelSupport.Zero(series, Name, request);
        }

        var indices = SeasonalAdjustment.Indices(raw, m);
        var y = indices is null ? raw : [.. raw.Select((v, t) => v / indices[t % m])];
        double sigma = NormalIntervals.ResidualSigma(y, 1);
        var mean = new double[request.Horizon];
        var sd = new double[request.Horizon];
        for (int h = 1; h <= mean.Length; h++)
        {
            double season = indices is null ? 1 : indices[(n + h - 1) % m];
            mean[h - 1] = y[^1] * season;
            sd[h - 1] = sigma * Math.Sqrt(h) * season;
        }

        return NormalIntervals.Build(series, Name, mean, sd, request);
    }
}

using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting;

/// <summary>
/// A forecasting model. It fits on a batch of series and returns, for each series in the same order, a
/// point forecast and the requested quantiles for <see cref="ForecastRequest.Horizon"/> periods after the
/// series' last period.
/// </summary>
/// <remarks>
/// Implementations are stateless between calls and safe to call from several threads at once. A series
/// with no history gets a zero forecast with zero-width quantiles (nothing is known about it); a series
/// too short for the model falls back to what the model can do and says so in <see cref="SeriesForecast.Model"/>.
/// </remarks>
public interface IForecaster
{
    /// <summary>Stable model name, as stored with every forecast (e.g. "Naive", "SeasonalNaive").</summary>
    string Name { get; }

    /// <param name="progress">Receives the number of series finished so far (may be called from any thread).</param>
    IReadOnlyList<SeriesForecast> Forecast(
        IReadOnlyList<DemandSeries> history,
        ForecastRequest request,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default);
}

using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting;

/// <summary>
/// A forecaster that is cross-validated from one fit per series. Its parameters (smoothing constants,
/// SSA basis, seasonal indices) are fitted once on the whole history, and the model's state at each rolling
/// origin is computed from the values before that origin only; models without fitted parameters (naive,
/// seasonal naive, Croston family, window average) give exactly what a refit on the truncated history would.
/// Refitting per origin costs (origins + 1) fits per candidate; this costs one fit and a few state runs.
/// </summary>
/// <remarks>Called for one series at a time, possibly from several threads at once.</remarks>
public interface IOriginForecaster : IForecaster
{
    /// <summary>
    /// Forecasts <paramref name="series"/> as <see cref="IForecaster.Forecast"/> would, and writes into
    /// <paramref name="originMeans"/> (cut-major, <see cref="ForecastRequest.Horizon"/> values each) the point
    /// forecast of the periods after each cut, knowing the values before the cut (not clamped at 0).
    /// </summary>
    SeriesForecast ForecastWithOrigins(DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans);
}

/// <summary>Rolling-origin forecasts of any forecaster: one fit when it is an <see cref="IOriginForecaster"/>, else a refit per origin.</summary>
public static class OriginForecasts
{
    public static SeriesForecast Forecast(IForecaster forecaster, DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans)
    {
        if (forecaster is IOriginForecaster origins)
        {
            return origins.ForecastWithOrigins(series, request, cuts, originMeans);
        }

        int h = request.Horizon;
        for (int j = 0; j < cuts.Length; j++)
        {
            forecaster.Forecast([series.Slice(0, cuts[j])], request)[0].Mean.CopyTo(originMeans.Slice(j * h, h));
        }

        return forecaster.Forecast([series], request)[0];
    }

    /// <summary>Fills each cut's <paramref name="horizon"/> values with <paramref name="level"/>(prefix length) for flat models.</summary>
    internal static void Flat(ReadOnlySpan<int> cuts, Span<double> originMeans, int horizon, Func<int, double> level)
    {
        for (int j = 0; j < cuts.Length; j++)
        {
            originMeans.Slice(j * horizon, horizon).Fill(level(cuts[j]));
        }
    }
}

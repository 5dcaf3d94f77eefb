using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting;

/// <summary>
/// An <see cref="IOriginForecaster"/> whose rolling-origin means cost much less than its final forecast (whose
/// quantiles come from the sorted in-sample errors of the whole history). The automatic pipeline asks it for the
/// origins' means only and makes the final forecast of the candidates it keeps, by
/// <see cref="IOriginForecaster.ForecastWithOrigins"/> without cuts: the same numbers as in one call.
/// </summary>
public interface IOriginMeansForecaster : IOriginForecaster
{
    /// <summary>Writes what <see cref="IOriginForecaster.ForecastWithOrigins"/> writes into <paramref name="originMeans"/>, and nothing else.</summary>
    void OriginMeans(DemandSeries series, ForecastRequest request, ReadOnlySpan<int> cuts, Span<double> originMeans);
}

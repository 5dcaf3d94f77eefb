using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;

namespace Forecasting.Storage.Abstractions;

/// <summary>A stored forecast row (design.md "Forecast output").</summary>
public sealed record ForecastRecord(long RunId, string Sku, string Region, DateOnly TargetDate, int Horizon, string Model, double Mean, double P10, double P50, double P90);

/// <summary>Why a series got its forecast: the automatic selection's record (<see cref="ModelChoice"/>) as stored.</summary>
public sealed record ChoiceRecord(long RunId, string Sku, string Region, string Model, string DemandClass, double CvScore, string? RunnerUp, double RunnerUpScore);

/// <summary>One series of a forecast run as listed: its category and model, and the total forecast over the horizon.</summary>
public sealed record ForecastSeriesRow(string Sku, string Region, string Category, string Model, int Horizon, double Total);

/// <summary>Forecast runs and their forecasts. Runs are immutable once completed.</summary>
public interface IForecastStore : IRunLeaseStore
{
    Task<ForecastRun> CreateRunAsync(ForecastRunKind kind, DateTimeOffset issuedAt, DateOnly cutoff, int horizon, string models, string? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Writes forecasts of a run; writing the same series and model again replaces them (idempotent).</summary>
    /// <remarks>Stores the 0.1, 0.5 and 0.9 quantiles; a forecast without one of them is refused. A forecast
    /// with a <see cref="SeriesForecast.Choice"/> has it stored too (see <see cref="ReadChoicesAsync"/>).</remarks>
    /// <param name="fresh">The caller knows these series have no rows in the run yet (the first attempt of a shard or
    /// run): the store may skip looking for rows to replace. If some exist after all, they are still replaced.</param>
    Task WriteForecastsAsync(long runId, IReadOnlyList<SeriesForecast> forecasts, bool fresh = false, CancellationToken cancellationToken = default);

    Task CompleteRunAsync(long runId, ForecastRunStatus status, int seriesCount, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ForecastRun>> ListRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>A page of a run's series (by SKU then region), filtered by category, region and model when given.</summary>
    Task<(int Total, IReadOnlyList<ForecastSeriesRow> Items)> ListForecastSeriesAsync(long runId, string? category, string? region, string? model, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>The model choices of a run (one per series and model), ordered by SKU and region.</summary>
    Task<IReadOnlyList<ChoiceRecord>> ReadChoicesAsync(long runId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ForecastRecord>> ReadForecastsAsync(long runId, SeriesKey? series = null, CancellationToken cancellationToken = default);
}

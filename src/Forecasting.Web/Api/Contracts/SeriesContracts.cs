using Forecasting.Storage.Abstractions;

namespace Forecasting.Web.Api.Contracts;

/// <summary>A page of the series of forecast run <paramref name="ForecastRun"/> (the latest completed production run;
/// null, with no items, when there is none).</summary>
public sealed record ForecastSeriesPage(long? ForecastRun, int Total, int PageNumber, int PageSize, IReadOnlyList<ForecastSeriesRow> Items)
    : Page<ForecastSeriesRow>(Total, PageNumber, PageSize, Items);

/// <summary>Units demanded on one day (the first day of the period for weekly series).</summary>
public sealed record DemandPoint(DateOnly Date, double Units);

/// <summary>One forecast day of a model: the mean and the 10th, 50th and 90th percentiles, <paramref name="Horizon"/> days ahead of the cut-off.</summary>
public sealed record ForecastPoint(DateOnly Date, int Horizon, string Model, double Mean, double P10, double P50, double P90);

/// <summary>One SKU x region: its recent history and the latest completed forecast run's forecast (empty, with a null run, when there is none).</summary>
public sealed record SeriesDetail(string Sku, string Region, IReadOnlyList<DemandPoint> History, long? ForecastRun, IReadOnlyList<ForecastPoint> Forecast);

using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.ColdStart;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Forecasting.Signals;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Pipeline.Training;

/// <summary>
/// Forecasts the batches of a training shard. Any model forecasts the units alone; the automatic pipeline
/// (<see cref="AutoForecaster"/>) also reads the stored interest signals (<see cref="TrainingOptions.UseSignals"/>):
/// where a batch has some, the leading-indicator model competes with the pipeline's own choice
/// (<see cref="LeadingIndicatorForecaster"/>), and a batch without signals is forecast exactly as before. Series too new
/// for their own history, and catalog items launching within the horizon, are forecast from analogues
/// (<see cref="ColdStartForecaster"/>, <see cref="TrainingOptions.ColdStartDays"/>).
/// </summary>
internal sealed class BatchForecaster
{
    /// <summary>Series of items launched inside the history kept across batches as analogues of the items not launched yet.</summary>
    private const int MaxKeptAnalogues = 30_000;

    private readonly IForecaster _model;
    private readonly TrainingOptions _options;
    private readonly IReadOnlyList<CatalogItem> _catalog;
    private readonly List<SeriesWithSignals> _launched = [];
    private readonly HashSet<string> _regions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _forecastSkus = new(StringComparer.Ordinal);

    private BatchForecaster(IForecaster model, TrainingOptions options, IReadOnlyList<CatalogItem> catalog)
    {
        _model = model;
        _options = options;
        _catalog = catalog;
        bool auto = model is AutoForecaster;
        ReadsSignals = auto && options.UseSignals;
        ColdStarts = auto && options.ColdStartDays > 0;
    }

    /// <summary>The stored signals are read (and batches are <see cref="TrainingOptions.SignalBatchSize"/> series).</summary>
    public bool ReadsSignals { get; }

    public bool ColdStarts { get; }

    public int BatchSize => ReadsSignals ? _options.SignalBatchSize : _options.BatchSize;

    public static async Task<BatchForecaster> CreateAsync(IForecaster model, TrainingOptions options, IDemandStore demand, CancellationToken cancellationToken)
    {
        bool coldStarts = model is AutoForecaster && options.ColdStartDays > 0;
        return new BatchForecaster(model, options, coldStarts ? await demand.GetCatalogAsync(cancellationToken) : []);
    }

    /// <summary>The series to forecast, with their signals when <see cref="ReadsSignals"/> (otherwise null signals).</summary>
    public IAsyncEnumerable<SeriesWithSignals> Read(IDemandStore demand, DateOnly cutoff, Func<string, bool>? includeSku, CancellationToken cancellationToken) =>
        ReadsSignals ? demand.ReadDailySeriesWithSignalsAsync(cutoff, includeSku, cancellationToken) : WithoutSignals(demand.ReadDailySeriesAsync(cutoff, includeSku, cancellationToken));

    /// <summary>The batch is full: a signal batch also waits for the end of the SKU, so every region of an item is learned together.</summary>
    public bool Full(IReadOnlyList<SeriesWithSignals> batch, SeriesWithSignals next) =>
        batch.Count >= BatchSize && (!ReadsSignals || !string.Equals(batch[^1].Series.Key.Sku, next.Series.Key.Sku, StringComparison.Ordinal));

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<SeriesWithSignals> batch, ForecastRequest request, CancellationToken cancellationToken)
    {
        var history = batch.Select(s => s.Series).ToList();
        var signals = Signals(batch);
        var forecasts = signals.Count == 0
            ? _model.Forecast(history, request, null, cancellationToken)
            : new LeadingIndicatorForecaster(_model, signals).Forecast(history, request, null, cancellationToken);
        if (!ColdStarts)
        {
            return forecasts;
        }

        Remember(batch);
        return new ColdStartForecaster(_catalog, signals, ColdStart).Apply(history, forecasts, request, cancellationToken).Forecasts;
    }

    /// <summary>
    /// The items of <paramref name="includeSku"/>'s shard that have no stored day yet and launch within the horizon after
    /// <paramref name="cutoff"/>, in every region the shard sells in, forecast from the analogues seen in its batches.
    /// </summary>
    public IReadOnlyList<SeriesForecast> ForecastUnlaunched(DateOnly cutoff, Func<string, bool>? includeSku, ForecastRequest request)
    {
        if (!ColdStarts)
        {
            return [];
        }

        var first = cutoff.AddDays(1);
        var upcoming = _catalog.Where(i => i.LaunchDate is { } l && l >= first && l < first.AddDays(request.Horizon)
            && !_forecastSkus.Contains(i.Sku) && (includeSku is null || includeSku(i.Sku))).ToList();
        if (upcoming.Count == 0)
        {
            return [];
        }

        var cold = new ColdStartForecaster(_catalog, Signals(_launched), ColdStart);
        var history = _launched.Select(s => s.Series).ToList();
        return [.. upcoming.SelectMany(item => _regions.Order(StringComparer.Ordinal).Select(region => cold.ForecastUnlaunched(history, item.Sku, region, first, request))).OfType<SeriesForecast>()];
    }

    private ColdStartOptions ColdStart => new() { MinHistoryDays = _options.ColdStartDays };

    private static SignalPanel Signals(IEnumerable<SeriesWithSignals> batch) => new(batch.Where(s => s.Signals is not null).Select(s => s.Signals!));

    /// <summary>Keeps what the items not launched yet need: the regions, the SKUs already forecast and the series launched inside the history.</summary>
    private void Remember(IReadOnlyList<SeriesWithSignals> batch)
    {
        var launches = _catalog.Where(i => i.LaunchDate is not null).ToDictionary(i => i.Sku, i => i.LaunchDate!.Value, StringComparer.Ordinal);
        foreach (var s in batch)
        {
            _regions.Add(s.Series.Key.Region);
            _forecastSkus.Add(s.Series.Key.Sku);
            if (_launched.Count < MaxKeptAnalogues && launches.TryGetValue(s.Series.Key.Sku, out var launch) && launch == s.Series.Start)
            {
                _launched.Add(s);
            }
        }
    }

    private static async IAsyncEnumerable<SeriesWithSignals> WithoutSignals(IAsyncEnumerable<DemandSeries> series)
    {
        await foreach (var s in series)
        {
            yield return new SeriesWithSignals(s, null);
        }
    }
}

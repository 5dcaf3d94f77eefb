using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Forecasting.Signals;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Jobs.Training;

/// <summary>
/// Forecasts one batch of a training shard. Any model forecasts the units alone; the automatic pipeline
/// (<see cref="AutoForecaster"/>) with <see cref="TrainingOptions.UseSignals"/> also reads the stored interest
/// signals, and where the batch has some, the leading-indicator model competes with the pipeline's own
/// choice (<see cref="LeadingIndicatorForecaster"/>): a batch without signals is forecast exactly as before.
/// </summary>
internal sealed class BatchForecaster(IForecaster model, TrainingOptions options)
{
    /// <summary>The stored signals are read (and batches are <see cref="TrainingOptions.SignalBatchSize"/> series).</summary>
    public bool ReadsSignals { get; } = options.UseSignals && model is AutoForecaster;

    public int BatchSize => ReadsSignals ? options.SignalBatchSize : options.BatchSize;

    /// <summary>The series to forecast, with their signals when <see cref="ReadsSignals"/> (otherwise null signals).</summary>
    public IAsyncEnumerable<SeriesWithSignals> Read(IDemandStore demand, DateOnly cutoff, Func<string, bool>? includeSku, CancellationToken cancellationToken) =>
        ReadsSignals ? demand.ReadDailySeriesWithSignalsAsync(cutoff, includeSku, cancellationToken) : WithoutSignals(demand.ReadDailySeriesAsync(cutoff, includeSku, cancellationToken));

    /// <summary>The batch is full: a signal batch also waits for the end of the SKU, so every region of an item is learned together.</summary>
    public bool Full(IReadOnlyList<SeriesWithSignals> batch, SeriesWithSignals next) =>
        batch.Count >= BatchSize && (!ReadsSignals || !string.Equals(batch[^1].Series.Key.Sku, next.Series.Key.Sku, StringComparison.Ordinal));

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<SeriesWithSignals> batch, ForecastRequest request, CancellationToken cancellationToken)
    {
        var history = batch.Select(s => s.Series).ToList();
        var signals = new SignalPanel(batch.Where(s => s.Signals is not null).Select(s => s.Signals!));
        return signals.Count == 0
            ? model.Forecast(history, request, null, cancellationToken)
            : new LeadingIndicatorForecaster(model, signals).Forecast(history, request, null, cancellationToken);
    }

    private static async IAsyncEnumerable<SeriesWithSignals> WithoutSignals(IAsyncEnumerable<DemandSeries> series)
    {
        await foreach (var s in series)
        {
            yield return new SeriesWithSignals(s, null);
        }
    }
}

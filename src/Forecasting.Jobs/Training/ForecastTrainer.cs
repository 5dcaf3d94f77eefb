using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Jobs.Training;

/// <summary>
/// Issues production forecasts: reads every daily series from the store, forecasts the next
/// <see cref="TrainingOptions.Horizon"/> days with one model, and stores them as one forecast run.
/// The Quartz train job (a later issue) calls this per shard.
/// </summary>
public sealed class ForecastTrainer(IDemandStore demand, IForecastStore forecasts, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <param name="progress">Receives the number of series forecast so far.</param>
    public async Task<ForecastRun> RunAsync(IForecaster model, TrainingOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options.Validate();
        var summary = await demand.GetDemandSummaryAsync(cancellationToken);
        if (summary.LastDay is not { } cutoff)
        {
            throw new InvalidOperationException("The store holds no demand yet: ingest demand before training.");
        }

        var run = await forecasts.CreateRunAsync(ForecastRunKind.Production, _clock.GetUtcNow(), cutoff, options.Horizon, model.Name, cancellationToken);
        var request = new ForecastRequest { Horizon = options.Horizon, SeasonLength = options.SeasonLength };
        var batch = new List<DemandSeries>(options.BatchSize);
        int done = 0;
        try
        {
            await foreach (var series in demand.ReadDailySeriesAsync(null, cancellationToken))
            {
                batch.Add(series);
                if (batch.Count == options.BatchSize)
                {
                    done += await FlushAsync();
                }
            }

            done += await FlushAsync();
        }
        catch (OperationCanceledException)
        {
            await forecasts.CompleteRunAsync(run.Id, "cancelled", done, CancellationToken.None);
            throw;
        }

        await forecasts.CompleteRunAsync(run.Id, "completed", done, cancellationToken);
        return run with { Status = "completed", SeriesCount = done };

        async Task<int> FlushAsync()
        {
            if (batch.Count == 0)
            {
                return 0;
            }

            var result = model.Forecast(batch, request, null, cancellationToken);
            await forecasts.WriteForecastsAsync(run.Id, result, cancellationToken);
            int count = batch.Count;
            batch.Clear();
            progress?.Report(done + count);
            return count;
        }
    }
}

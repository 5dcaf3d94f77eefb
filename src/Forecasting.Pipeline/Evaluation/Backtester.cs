using System.Diagnostics;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Metrics;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Resilience;

namespace Forecasting.Pipeline.Evaluation;

/// <summary>
/// Scores models on the last <see cref="BacktestOptions.Horizon"/> days of the stored demand: every
/// series is cut before them, each model forecasts the held-back days from that cut-off, and the errors
/// are accumulated per model over all series. The series are read once and streamed in batches, so
/// memory stays bounded by the batch size whatever the number of series.
/// </summary>
public sealed class Backtester(IDemandStore demand, IForecastStore forecasts, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <param name="progress">Receives the number of series scored so far.</param>
    public async Task<BacktestResult> RunAsync(IReadOnlyList<IForecaster> models, BacktestOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
        {
            throw new ArgumentException("Back-test needs at least one model.", nameof(models));
        }

        options.Validate();
        var (storedFirst, storedLast) = await demand.GetDemandDaysAsync(cancellationToken);
        if (storedLast is not { } lastDay || storedFirst is not { } firstDay)
        {
            throw new InvalidOperationException("The store holds no demand yet: ingest demand before a back-test.");
        }

        var cutoff = lastDay.AddDays(-options.Horizon);
        if (cutoff < firstDay)
        {
            throw new InvalidOperationException($"The data ({firstDay:yyyy-MM-dd}..{lastDay:yyyy-MM-dd}) is shorter than the {options.Horizon}-day hold-out.");
        }

        var request = new ForecastRequest { Horizon = options.Horizon, SeasonLength = options.SeasonLength };
        var scores = models.Select(_ => new AccuracyAccumulator()).ToArray();
        var timers = models.Select(_ => new Stopwatch()).ToArray();
        var used = models.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var runs = new ForecastRun?[models.Count];
        if (options.StoreForecasts)
        {
            for (int k = 0; k < models.Count; k++)
            {
                runs[k] = await forecasts.CreateRunAsync(ForecastRunKind.Backtest, _clock.GetUtcNow(), cutoff, options.Horizon, models[k].Name,
                    Training.RunParameters.Json(models[k].Name, request, cutoff, lastDay), cancellationToken);
            }
        }

        var leases = new List<LeaseHeartbeat>();
        foreach (var run in runs)
        {
            if (run is not null)
            {
                leases.Add(await LeaseHeartbeat.StartAsync(forecasts, LeasedWork.ForecastRun, run.Id, null, _clock, cancellationToken));
            }
        }

        var examples = new ExamplePicker(options.Examples);
        var histories = new List<DemandSeries>(options.BatchSize);
        var actuals = new List<double[]>(options.BatchSize);
        int scored = 0, skipped = 0;
        var status = ForecastRunStatus.Failed;
        try
        {
            await foreach (var series in demand.ReadDailySeriesAsync(lastDay, cancellationToken))
            {
                int historyLength = series.Length - options.Horizon;
                if (historyLength < 1)
                {
                    skipped++;
                    continue;
                }

                histories.Add(series.Slice(0, historyLength));
                actuals.Add(series.Values[historyLength..].ToArray());
                if (histories.Count == options.BatchSize)
                {
                    await ScoreBatchAsync();
                }
            }

            await ScoreBatchAsync();
            status = ForecastRunStatus.Completed;
        }
        catch (OperationCanceledException)
        {
            status = ForecastRunStatus.Cancelled;
            throw;
        }
        finally
        {
            foreach (var lease in leases)
            {
                await lease.DisposeAsync();
            }

            foreach (var run in runs)
            {
                if (run is not null)
                {
                    await forecasts.CompleteRunAsync(run.Id, status, scored, CancellationToken.None);
                }
            }
        }

        var accuracy = models.Select((m, k) => new ModelAccuracy(
            m.Name, scores[k].Series, scores[k].Rows, scores[k].Wape, scores[k].Mase, scores[k].Rmse, scores[k].Bias,
            scores[k].Coverage, scores[k].Pinball, scores[k].MaseSkipped, timers[k].Elapsed, runs[k]?.Id, used[k])).ToList();
        return new BacktestResult(cutoff, options.Horizon, scored, skipped, accuracy, examples.Build(options.ExampleHistoryDays));

        async Task ScoreBatchAsync()
        {
            if (histories.Count == 0)
            {
                return;
            }

            var batchForecasts = new IReadOnlyList<SeriesForecast>[models.Count];
            for (int k = 0; k < models.Count; k++)
            {
                timers[k].Start();
                batchForecasts[k] = models[k].Forecast(histories, request, null, cancellationToken);
                timers[k].Stop();
                for (int s = 0; s < histories.Count; s++)
                {
                    scores[k].Add(actuals[s], batchForecasts[k][s], histories[s].Values, options.SeasonLength);
                    string name = batchForecasts[k][s].Model;
                    used[k][name] = used[k].GetValueOrDefault(name) + 1;
                }

                if (runs[k] is { } run)
                {
                    await forecasts.WriteForecastsAsync(run.Id, batchForecasts[k], fresh: true, cancellationToken);
                }
            }

            for (int s = 0; s < histories.Count; s++)
            {
                examples.Offer(histories[s], actuals[s], [.. batchForecasts.Select(f => f[s])]);
            }

            scored += histories.Count;
            histories.Clear();
            actuals.Clear();
            progress?.Report(scored);
        }
    }
}

using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Resilience;

namespace Forecasting.Pipeline.Training;

/// <summary>
/// Issues production forecasts: a run is created for the last day of stored demand (the cutoff), then each
/// shard (the series of the SKUs whose <see cref="ShardAssignment"/> is its number) reads its series up to that cutoff,
/// forecasts the next <see cref="TrainingOptions.Horizon"/> days and writes them. Writes are upserts keyed by
/// (run, series, model), a rewritten series replacing its rows, so a shard that runs again (a recovered or falsely failed-over Quartz execution)
/// rewrites the same rows: the outcome is the same whether a shard ran once or twice. While a shard trains it
/// renews the run's lease, so a run whose every worker died is marked failed by the next sweep.
/// </summary>
public sealed class ForecastTrainer(IDemandStore demand, IForecastStore forecasts, TimeProvider? clock = null, ResilienceOptions? resilience = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ResilienceOptions _resilience = resilience ?? new ResilienceOptions();

    /// <summary>Creates the run (status running) for the last stored day, or <see cref="TrainingOptions.Cutoff"/>.</summary>
    public async Task<ForecastRun> StartRunAsync(string models, TrainingOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var lastStoredDay = (await demand.GetDemandDaysAsync(cancellationToken)).Last;
        if (lastStoredDay is not { } cutoff)
        {
            throw new InvalidOperationException("The store holds no demand yet: ingest demand before training.");
        }

        if (options.Cutoff is { } asOf)
        {
            cutoff = asOf <= cutoff ? asOf : throw new ArgumentException($"Training:Cutoff {asOf:yyyy-MM-dd} is after the last day of stored demand ({cutoff:yyyy-MM-dd}).");
        }

        var request = new ForecastRequest { Horizon = options.Horizon, SeasonLength = options.SeasonLength };
        return await forecasts.CreateRunAsync(ForecastRunKind.Production, _clock.GetUtcNow(), cutoff, options.Horizon, models,
            RunParameters.Json(models, request, cutoff, lastStoredDay), cancellationToken);
    }

    /// <summary>Forecasts the series of one shard of <paramref name="run"/>.</summary>
    /// <param name="progress">Receives the number of series forecast so far.</param>
    /// <returns>Series forecast.</returns>
    /// <param name="firstAttempt">No earlier attempt of this shard wrote anything to the run, so its series have no rows to
    /// replace (the store may skip looking for them).</param>
    public async Task<int> TrainShardAsync(ForecastRun run, int shard, int shards, IForecaster model, TrainingOptions options, IProgress<int>? progress = null, bool firstAttempt = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, shards);
        options.Validate();
        await using var lease = await LeaseHeartbeat.StartAsync(forecasts, LeasedWork.ForecastRun, run.Id, _resilience, _clock, cancellationToken);
        var request = new ForecastRequest { Horizon = run.Horizon, SeasonLength = options.SeasonLength };
        var forecaster = await BatchForecaster.CreateAsync(model, options, demand, cancellationToken);
        var batch = new List<SeriesWithSignals>(Math.Min(forecaster.BatchSize, 10_000));
        int done = 0;
        Func<string, bool>? mine = shards == 1 ? null : sku => ShardAssignment.ShardOf(sku, shards) == shard;
        await foreach (var series in forecaster.Read(demand, run.Cutoff, mine, cancellationToken))
        {
            if (batch.Count > 0 && forecaster.Full(batch, series))
            {
                done += await FlushAsync();
            }

            batch.Add(series);
        }

        done += await FlushAsync();
        if (forecaster.ForecastUnlaunched(run.Cutoff, mine, request) is { Count: > 0 } upcoming)
        {
            await forecasts.WriteForecastsAsync(run.Id, upcoming, firstAttempt, cancellationToken);
            done += upcoming.Count;
            progress?.Report(done);
        }

        return done;

        async Task<int> FlushAsync()
        {
            if (batch.Count == 0)
            {
                return 0;
            }

            var result = forecaster.Forecast(batch, request, cancellationToken);
            await forecasts.WriteForecastsAsync(run.Id, result, firstAttempt, cancellationToken);
            int count = batch.Count;
            batch.Clear();
            progress?.Report(done + count);
            return count;
        }
    }

    /// <summary>The whole run in this process, as one shard.</summary>
    public async Task<ForecastRun> RunAsync(IForecaster model, TrainingOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var run = await StartRunAsync(model.Name, options, cancellationToken);
        int done = 0;
        try
        {
            done = await TrainShardAsync(run, 0, 1, model, options, progress, firstAttempt: true, cancellationToken); // a run just created
            await ReconcileAsync(run, model, options, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await forecasts.CompleteRunAsync(run.Id, ForecastRunStatus.Cancelled, done, CancellationToken.None);
            throw;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            await MarkFailedAsync(run.Id);
            throw;
        }

        await forecasts.CompleteRunAsync(run.Id, ForecastRunStatus.Completed, done, cancellationToken);
        return run with { Status = ForecastRunStatus.Completed, SeriesCount = done };
    }

    /// <summary>Stores the run's forecasts of every level (<see cref="TrainingOptions.Reconciliation"/>) once all its SKU x region
    /// forecasts are written; nothing when reconciliation is off or the store keeps no level forecasts.</summary>
    public async Task ReconcileAsync(ForecastRun run, IForecaster model, TrainingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Reconciliation is { } method && forecasts is IHierarchyForecastStore levels)
        {
            await new RunReconciliation(demand, forecasts, levels).ReconcileAsync(run, method, model, options, cancellationToken);
        }
    }

    /// <summary>Marks a run that stopped on an error failed at once; if the store cannot be reached either (the error
    /// was an outage past the retry budget), its lease runs out and the next sweep marks it failed.</summary>
    private async Task MarkFailedAsync(long runId)
    {
        try
        {
            await forecasts.CompleteRunAsync(runId, ForecastRunStatus.Failed, 0, CancellationToken.None);
        }
        catch (Exception unreachable) when (unreachable is not OperationCanceledException)
        {
            // left to the lease sweep; the original error is the one to report
        }
    }
}

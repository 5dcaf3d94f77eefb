using Forecasting.Core.Domain;
using System.Globalization;
using Forecasting.Pipeline.Models;
using Forecasting.Pipeline.Telemetry;
using Forecasting.Pipeline.Training;
using Forecasting.Storage.Abstractions;
using Quartz;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>
/// Forecasts one shard of a run and records it; the shard that completes the set marks the run completed.
/// Requests recovery, so Quartz re-runs it on another node when its node dies; that is at-least-once, and
/// safe because the shard's writes are upserts of the same rows.
/// </summary>
public sealed class TrainShardJob(IForecastingStore store, ServiceOptions options, JobRecorder recorder) : IJob
{
    public const string RunIdKey = "runId";
    public const string ShardKey = "shard";
    public const string ShardsKey = "shards";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        long runId = long.Parse(data.GetString(RunIdKey)!, CultureInfo.InvariantCulture);
        int shard = int.Parse(data.GetString(ShardKey)!, CultureInfo.InvariantCulture);
        int shards = int.Parse(data.GetString(ShardsKey)!, CultureInfo.InvariantCulture);
        await recorder.RunAsync("train-shard", runId, shard, shards, context.Recovering, async token =>
        {
            var run = (await store.ListRunsAsync(token)).FirstOrDefault(r => r.Id == runId)
                ?? throw new InvalidOperationException($"Forecast run {runId} does not exist.");
            var model = ModelCatalog.Resolve(run.Models).Single();
            // This execution's own record is the only one of the shard unless an earlier attempt (a recovered or
            // falsely failed-over execution) may have written rows.
            bool firstAttempt = (await store.ListJobRunsAsync(runId, 100_000, token)).Count(h => h.Job == "train-shard" && h.Shard == shard) == 1;
            int series = await new ForecastTrainer(store, store, null, options.Resilience).TrainShardAsync(run, shard, shards, model, options.Training, null, firstAttempt, token);
            ForecastingTelemetry.SeriesTrained.Add(series);
            return new JobOutcome(series);
        }, cancellationToken);

        if (await store.CountCompletedShardsAsync(runId, cancellationToken) == shards)
        {
            // Both of two last shards finishing at once may reconcile: the write replaces the run's level forecasts, so the outcome is one.
            var run = (await store.ListRunsAsync(cancellationToken)).First(r => r.Id == runId);
            await new ForecastTrainer(store, store, null, options.Resilience).ReconcileAsync(run, ModelCatalog.Resolve(run.Models).Single(), options.Training, cancellationToken);
            var history = await store.ListJobRunsAsync(runId, 100_000, cancellationToken);
            int total = history.Where(h => h.Status == "completed" && h.Shard is not null).GroupBy(h => h.Shard).Sum(g => g.First().Series);
            await store.CompleteRunAsync(runId, ForecastRunStatus.Completed, total, cancellationToken);
        }
    }
}

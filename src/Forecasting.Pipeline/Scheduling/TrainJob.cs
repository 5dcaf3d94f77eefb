using Forecasting.Core.Domain;
using System.Globalization;
using Forecasting.Pipeline.Training;
using Forecasting.Storage.Abstractions;
using Quartz;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>
/// Starts a training run: creates the forecast run for the last stored day and submits one shard job per
/// shard to the scheduler in one transaction (in clustered mode any node may pick each one up), so a node
/// that dies here leaves either every shard submitted or none. Never runs twice at once; recovered on another
/// node if its node dies, and a recovered execution marks the run its first attempt left unsubmitted as abandoned.
/// </summary>
[DisallowConcurrentExecution]
public sealed class TrainJob(IForecastingStore store, ServiceOptions options, JobRecorder recorder) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await recorder.RunAsync(JobKeys.Train.Name, null, null, null, context.Recovering, async token =>
        {
            if (context.Recovering && await SubmittedByFirstAttemptAsync(context.Scheduler, context.ScheduledFireTimeUtc, token) is { } submitted)
            {
                // The first attempt's node died after submitting its shards: the run is under way, do not start another.
                return new JobOutcome(0, "completed", $"run {submitted}: shards already submitted by the first attempt");
            }

            var run = await new ForecastTrainer(store, store, null, options.Resilience).StartRunAsync(options.Model, options.Training, token);
            int shards = options.Shards;
            var jobs = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>();
            for (int shard = 0; shard < shards; shard++)
            {
                var key = JobKeys.TrainShard(run.Id, shard);
                var job = JobBuilder.Create<TrainShardJob>()
                    .WithIdentity(key)
                    .RequestRecovery() // a node that dies mid-shard: another node runs the shard again
                    .UsingJobData(TrainShardJob.RunIdKey, run.Id.ToString(CultureInfo.InvariantCulture))
                    .UsingJobData(TrainShardJob.ShardKey, shard.ToString(CultureInfo.InvariantCulture))
                    .UsingJobData(TrainShardJob.ShardsKey, shards.ToString(CultureInfo.InvariantCulture))
                    .Build();
                jobs[job] = [TriggerBuilder.Create().WithIdentity(key.Name, key.Group).ForJob(key).StartNow().Build()];
            }

            await context.Scheduler.ScheduleJobs(jobs, new ScheduleJobOptions { Replace = true }, token);
            return new JobOutcome(0, "completed", $"run {run.Id}: {shards} shards submitted");
        }, cancellationToken);
    }

    /// <summary>Clock difference allowed between the node that scheduled the firing and the node that issued the run.</summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For a recovered execution: the newest production run whose shards were submitted (a shard job exists
    /// or a shard has run) and that is still running or was issued after the original firing was due is the
    /// first attempt's (its shards may all have finished before the recovery: the node can die after the
    /// submission, while Quartz has not yet recorded the train job as done); running runs left without
    /// shards are marked abandoned.
    /// </summary>
    private async Task<long?> SubmittedByFirstAttemptAsync(IScheduler scheduler, DateTimeOffset? scheduledFire, CancellationToken cancellationToken)
    {
        long? submitted = null;
        var firing = (scheduledFire ?? DateTimeOffset.MaxValue) - ClockSlack;
        foreach (var run in (await store.ListRunsAsync(cancellationToken)).Where(r => r.Kind == Forecasting.Core.Domain.ForecastRunKind.Production && (r.Status == ForecastRunStatus.Running || (r.Status != ForecastRunStatus.Abandoned && r.IssuedAt >= firing))).OrderByDescending(r => r.Id))
        {
            bool hasShards = await scheduler.GetJobDetail(JobKeys.TrainShard(run.Id, 0), cancellationToken) is not null
                || (await store.ListJobRunsAsync(run.Id, 1, cancellationToken)).Count > 0;
            if (hasShards)
            {
                submitted ??= run.Id;
            }
            else if (run.Status == ForecastRunStatus.Running)
            {
                await store.CompleteRunAsync(run.Id, ForecastRunStatus.Abandoned, 0, cancellationToken);
            }
        }

        return submitted;
    }
}

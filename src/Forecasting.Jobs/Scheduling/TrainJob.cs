using Forecasting.Jobs.Training;
using Forecasting.Storage.Abstractions;
using Quartz;

namespace Forecasting.Jobs.Scheduling;

/// <summary>
/// Starts a training run: creates the forecast run for the last stored day and submits one shard job per
/// shard to the scheduler (in clustered mode any node may pick each one up). Never runs twice at once.
/// </summary>
[DisallowConcurrentExecution]
public sealed class TrainJob(IForecastingStore store, ServiceOptions options, JobRecorder recorder) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await recorder.RunAsync(JobKeys.Train.Name, null, null, null, context.Recovering, async token =>
        {
            var run = await new ForecastTrainer(store, store).StartRunAsync(options.Model, options.Training, token);
            int shards = options.Shards;
            for (int shard = 0; shard < shards; shard++)
            {
                var key = JobKeys.TrainShard(run.Id, shard);
                var job = JobBuilder.Create<TrainShardJob>()
                    .WithIdentity(key)
                    .RequestRecovery() // a node that dies mid-shard: another node runs the shard again
                    .UsingJobData(TrainShardJob.RunIdKey, run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .UsingJobData(TrainShardJob.ShardKey, shard.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .UsingJobData(TrainShardJob.ShardsKey, shards.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Build();
                var trigger = TriggerBuilder.Create().WithIdentity(key.Name, key.Group).ForJob(key).StartNow().Build();
                await context.Scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions { Replace = true }, token);
            }

            return new JobOutcome(0, "completed", $"run {run.Id}: {shards} shards submitted");
        }, cancellationToken);
    }
}

using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;
using Forecasting.Core.Domain;
using System.Globalization;
using System.Text;
using Forecasting.Pipeline.Scheduling;
using Forecasting.Pipeline.Ingest;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;
using Quartz.Extensibility;

namespace Forecasting.Pipeline.Tests.Scheduling;

/// <summary>
/// A train job recovered on another node (Quartz re-fires it when its node died before Quartz recorded it as
/// done) must not start a second run when the first attempt had already submitted its shards, even if those
/// shards have all finished by the time of the recovery.
/// </summary>
public sealed class TrainJobRecoveryTests
{
    [Fact]
    public async Task A_recovered_train_job_starts_no_second_run_once_the_first_attempt_submitted_its_shards()
    {
        using var temp = new JobsTempStore();
        var csv = new StringBuilder("sku,region,date,units\n");
        for (int t = 0; t < 30; t++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"A,north,{new DateOnly(2025, 3, 3).AddDays(t):yyyy-MM-dd},{(t % 7) + 1}\n");
        }

        await temp.LoadAsync(IngestKind.Demand, csv.ToString());
        var scheduler = await QuartzSchedulerBuilder.Create(q => q.ConfigureScheduler(s => s.InstanceName = "recovery-" + Guid.NewGuid().ToString("N"))).BuildScheduler(); // RAM store, not started: shards are only stored
        try
        {
            var recorder = new JobRecorder(temp.Store, new NodeIdentity("node-b"), NullLogger<JobRecorder>.Instance);
            var job = new TrainJob(temp.Store, new ServiceOptions { Model = "snaive", Shards = 2 }, recorder);
            var firing = DateTimeOffset.UtcNow.AddSeconds(-1);

            // First attempt (node A): issues run 1 and submits its 2 shards, which then run to completion.
            await job.Execute(JobExecutionContextBuilder.For(job).WithScheduler(scheduler).FiredAt(firing, firing).Build());
            var run = Assert.Single(await temp.Store.ListRunsAsync());
            foreach (int shard in new[] { 0, 1 })
            {
                Assert.True(await scheduler.DeleteJob(JobKeys.TrainShard(run.Id, shard)));
                await recorder.RunAsync("train-shard", run.Id, shard, 2, false, _ => Task.FromResult(new JobOutcome(1)), CancellationToken.None);
            }

            await temp.Store.CompleteRunAsync(run.Id, ForecastRunStatus.Completed, 1);

            // Node A died before Quartz recorded the train job as done: the same firing is recovered on node B.
            await job.Execute(JobExecutionContextBuilder.For(job).WithScheduler(scheduler).FiredAt(DateTimeOffset.UtcNow, firing).Recovering().Build());

            Assert.Equal([(run.Id, ForecastRunStatus.Completed)], (await temp.Store.ListRunsAsync()).Select(r => (r.Id, r.Status)));

            // A recovered firing due after that run was issued is another firing: it trains.
            var later = DateTimeOffset.UtcNow.AddMinutes(5);
            await job.Execute(JobExecutionContextBuilder.For(job).WithScheduler(scheduler).FiredAt(later, later).Recovering().Build());

            Assert.Equal(2, (await temp.Store.ListRunsAsync()).Count);
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }
}

using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>
/// <c>forecasting run --job</c>: fires jobs through the scheduler (the same path as the cron schedule) and
/// waits for each to finish, a training run until all its shards have completed (in clustered mode the
/// shards may run on any node, this one included). Returns the outcome of each job.
/// </summary>
public sealed class JobRunner(ISchedulerFactory schedulers, IForecastingStore store, TimeProvider clock, ILogger<JobRunner> logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>Set in the data of the jobs this runner fires: they must not chain other jobs (it runs them in order).</summary>
    public const string RunOnceKey = "forecasting.run-once";

    /// <summary>The jobs of <c>--job all</c>, in pipeline order.</summary>
    public static IReadOnlyList<string> All { get; } = ["ingest", "train", "plan", "score"];

    public async Task<IReadOnlyList<JobRunRecord>> RunAsync(IReadOnlyList<string> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var outcomes = new List<JobRunRecord>();
        foreach (string name in jobs)
        {
            if (!JobKeys.ByName.TryGetValue(name, out var key))
            {
                throw new ArgumentException($"Unknown job '{name}'; jobs: {string.Join(", ", JobKeys.ByName.Keys)}, all.");
            }

            long lastRecord = (await store.ListJobRunsAsync(null, 1, cancellationToken)).FirstOrDefault()?.Id ?? 0;
            long lastRun = (await store.ListRunsAsync(cancellationToken)).Select(r => r.Id).DefaultIfEmpty(0).Max();
            // Job data values are strings: the clustered store keeps them as properties.
            await scheduler.TriggerJob(key, new JobDataMap { [RunOnceKey] = "true" }, cancellationToken);
            var record = await WaitForJobAsync(key.Name, lastRecord, cancellationToken);
            outcomes.Add(record);
            if (record.Status == "failed")
            {
                logger.LogError("{Job} failed: {Error}", name, record.Error);
                break;
            }

            if (key.Equals(JobKeys.Train))
            {
                var run = (await store.ListRunsAsync(cancellationToken)).FirstOrDefault(r => r.Id > lastRun)
                    ?? throw new InvalidOperationException("The train job finished without creating a run.");
                var finished = await WaitForRunAsync(run.Id, cancellationToken);
                outcomes.Add(finished);
                if (finished.Status != "completed")
                {
                    break;
                }
            }
        }

        return outcomes;
    }

    private async Task<JobRunRecord> WaitForJobAsync(string job, long after, CancellationToken cancellationToken)
    {
        while (true)
        {
            var record = (await store.ListJobRunsAsync(null, 50, cancellationToken)).FirstOrDefault(r => r.Id > after && r.Job == job && r.Status != "running");
            if (record is not null)
            {
                return record;
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>Waits until every shard of the run has completed (the run is then marked completed) or one failed.</summary>
    private async Task<JobRunRecord> WaitForRunAsync(long runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var run = (await store.ListRunsAsync(cancellationToken)).First(r => r.Id == runId);
            var shards = await store.ListJobRunsAsync(runId, 100_000, cancellationToken);
            if (run.Status == ForecastRunStatus.Completed)
            {
                return new JobRunRecord(0, "train-run", runId, null, shards.FirstOrDefault()?.Shards, "all shards", run.IssuedAt, clock.GetUtcNow(), "completed", run.SeriesCount, null, false);
            }

            if (run.Status is ForecastRunStatus.Failed or ForecastRunStatus.Cancelled or ForecastRunStatus.Abandoned)
            {
                // e.g. its lease ran out while the database was away longer than a lease: a sweep marked it failed
                return new JobRunRecord(0, "train-run", runId, null, null, "all shards", run.IssuedAt, clock.GetUtcNow(), "failed", run.SeriesCount, $"run {runId} is {run.Status}", false);
            }

            var failed = shards.Where(s => s.Status == "failed").Select(s => s.Shard).Distinct()
                .Where(shard => !shards.Any(s => s.Shard == shard && s.Status == "completed")).ToList();
            if (failed.Count > 0)
            {
                await store.CompleteRunAsync(runId, ForecastRunStatus.Failed, 0, CancellationToken.None);
                var error = shards.First(s => s.Status == "failed").Error;
                return new JobRunRecord(0, "train-run", runId, null, null, "all shards", run.IssuedAt, clock.GetUtcNow(), "failed", 0, $"shards {string.Join(", ", failed)} failed: {error}", false);
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }
}

using System.Diagnostics;
using Forecasting.Pipeline.Telemetry;
using Forecasting.Storage.Abstractions;
using Microsoft.Extensions.Logging;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>What one job execution reports: series (or rows) processed, and a status other than completed if need be.</summary>
public readonly record struct JobOutcome(int Series, string Status = "completed", string? Note = null);

/// <summary>
/// Runs a job body inside its run-history record, a span and the job metrics, so every job records the
/// same things the same way: start (node, run, shard, recovering), end, status, series, error.
/// </summary>
public sealed class JobRecorder(IJobHistoryStore history, NodeIdentity node, ILogger<JobRecorder> logger)
{
    public async Task<JobOutcome> RunAsync(string job, long? runId, int? shard, int? shards, bool recovering, Func<CancellationToken, Task<JobOutcome>> body, CancellationToken cancellationToken)
    {
        using var activity = ForecastingTelemetry.Source.StartActivity(shard is null ? job : $"{job} shard", ActivityKind.Internal);
        activity?.SetTag("forecasting.job", job);
        activity?.SetTag("forecasting.run_id", runId);
        activity?.SetTag("forecasting.shard", shard);
        activity?.SetTag("forecasting.recovering", recovering);
        long id = await history.StartJobAsync(job, runId, shard, shards, node.Id, recovering, cancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            var outcome = await body(cancellationToken);
            await history.FinishJobAsync(id, outcome.Status, outcome.Series, outcome.Note, CancellationToken.None);
            ForecastingTelemetry.JobDuration.Record(clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("status", outcome.Status));
            logger.LogInformation("{Job} {Shard} of run {RunId} {Status} on {Node}: {Series} in {Seconds:F1} s{Recovering}",
                job, shard is null ? "" : $"shard {shard}/{shards}", runId, outcome.Status, node.Id, outcome.Series, clock.Elapsed.TotalSeconds, recovering ? " (recovered)" : "");
            return outcome;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await history.FinishJobAsync(id, "cancelled", 0, "stopped before it finished", CancellationToken.None);
            throw;
        }
        catch (Exception error)
        {
            await history.FinishJobAsync(id, "failed", 0, error.Message, CancellationToken.None);
            ForecastingTelemetry.JobFailures.Add(1, new KeyValuePair<string, object?>("job", job));
            ForecastingTelemetry.JobDuration.Record(clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("status", "failed"));
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            logger.LogError(error, "{Job} of run {RunId} failed on {Node}", job, runId, node.Id);
            throw;
        }
    }
}

/// <summary>This process's node id (unique per cluster node; also Quartz's instance id).</summary>
public sealed record NodeIdentity(string Id);

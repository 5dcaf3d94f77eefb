using Forecasting.Pipeline.Scoring;
using Forecasting.Storage.Abstractions;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>
/// Scores the forecast snapshots against the actuals that arrived since they were last scored, judges drift
/// (alerts) and applies retention (<see cref="AccuracyScoringService"/>). Idempotent: a re-run with no new
/// actuals writes nothing. Never runs twice at once.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScoreJob(IForecastingStore store, ServiceOptions options, JobRecorder recorder, ILogger<ScoreJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await recorder.RunAsync(JobKeys.Score.Name, null, null, null, context.Recovering, async token =>
        {
            var result = await new AccuracyScoringService(store, options.Accuracy, logger).ScoreAsync(null, token);
            string alerts = string.Join(", ", result.Alerts.GroupBy(a => a.ChangeName).Select(g => $"{g.Count()} {g.Key}"));
            return new JobOutcome(result.Runs.Count, "completed", FormattableString.Invariant(
                $"{result.Runs.Count} runs scored ({result.Rows} rows, {result.Runs.Sum(r => r.CellsWritten)} cells written); alerts: {(alerts.Length == 0 ? "none" : alerts)}; {result.PrunedRuns.Count} snapshots pruned"));
        }, cancellationToken);
    }
}

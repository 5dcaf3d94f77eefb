using Forecasting.Jobs.Accuracy;
using Forecasting.Storage.Abstractions;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Forecasting.Jobs.Scheduling;

/// <summary>
/// Scores the forecast runs against the actuals that have arrived since: for each completed production run,
/// every stored forecast day that now has demand is compared (WAPE, bias, p10-p90 coverage). Read-only, so
/// re-running it changes nothing. (Stored aggregates by segment, drift alerts and metrics: issue 7.)
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScoreJob(IForecastingStore store, JobRecorder recorder, ILogger<ScoreJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await recorder.RunAsync(JobKeys.Score.Name, null, null, null, context.Recovering, async token =>
        {
            var scores = await new RunScorer(store, store).ScoreAsync(token);
            if (scores.Count == 0)
            {
                return new JobOutcome(0, "completed", "no completed run has actuals yet");
            }

            var notes = scores.Select(s => FormattableString.Invariant($"run {s.RunId}: WAPE {s.Wape:F3}, bias {s.Bias:F3}, coverage {s.Coverage:F3} over {s.Days} days")).ToList();
            foreach (var note in notes)
            {
                logger.LogInformation("Scored {Note}", note);
            }

            return new JobOutcome(scores.Count, "completed", string.Join("; ", notes));
        }, cancellationToken);
    }
}

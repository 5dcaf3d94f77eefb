using Forecasting.Core.Domain;
using Forecasting.Core.Metrics;
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
            var summary = await store.GetDemandSummaryAsync(token);
            var runs = (await store.ListRunsAsync(token)).Where(r => r.Kind == ForecastRunKind.Production && r.Status == "completed" && summary.LastDay > r.Cutoff).ToList();
            if (runs.Count == 0)
            {
                return new JobOutcome(0, "completed", "no completed run has actuals yet");
            }

            var actuals = new Dictionary<SeriesKey, DemandSeries>();
            await foreach (var series in store.ReadDailySeriesAsync(null, token))
            {
                actuals[series.Key] = series;
            }

            var notes = new List<string>();
            int scored = 0;
            foreach (var run in runs)
            {
                var accuracy = new AccuracyAccumulator();
                foreach (var record in await store.ReadForecastsAsync(run.Id, null, token))
                {
                    if (actuals.TryGetValue(new SeriesKey(record.Sku, record.Region), out var series) && series.ValueAt(record.TargetDate) is { } actual)
                    {
                        accuracy.Add([actual], [record.Mean], [], 1, [record.P10], [record.P90]);
                    }
                }

                if (accuracy.Rows > 0)
                {
                    scored++;
                    string note = FormattableString.Invariant($"run {run.Id}: WAPE {accuracy.Wape:F3}, bias {accuracy.Bias:F3}, coverage {accuracy.Coverage:F3} over {accuracy.Rows} days");
                    notes.Add(note);
                    logger.LogInformation("Scored {Note}", note);
                }
            }

            return new JobOutcome(scored, "completed", string.Join("; ", notes));
        }, cancellationToken);
    }
}

using Forecasting.Core.Domain;
using Forecasting.Core.Metrics;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Jobs.Accuracy;

/// <summary>How one forecast run did against the actuals that have arrived since it was issued.</summary>
public sealed record RunScore(long RunId, string Model, DateOnly Cutoff, long Days, double Wape, double Bias, double Coverage);

/// <summary>
/// Scores every completed production run against the actuals now stored: each forecast day that has demand
/// is compared (WAPE, bias, p10-p90 coverage). Read-only; used by the score job and the accuracy API.
/// (Stored aggregates by segment, drift alerts and metrics are issue 7.)
/// </summary>
public sealed class RunScorer(IDemandStore demand, IForecastStore forecasts)
{
    public async Task<IReadOnlyList<RunScore>> ScoreAsync(CancellationToken cancellationToken = default)
    {
        var summary = await demand.GetDemandSummaryAsync(cancellationToken);
        var runs = (await forecasts.ListRunsAsync(cancellationToken)).Where(r => r.Kind == ForecastRunKind.Production && r.Status == "completed" && summary.LastDay > r.Cutoff).ToList();
        if (runs.Count == 0)
        {
            return [];
        }

        var actuals = new Dictionary<SeriesKey, DemandSeries>();
        await foreach (var series in demand.ReadDailySeriesAsync(null, cancellationToken))
        {
            actuals[series.Key] = series;
        }

        var scores = new List<RunScore>();
        foreach (var run in runs)
        {
            var accuracy = new AccuracyAccumulator();
            foreach (var record in await forecasts.ReadForecastsAsync(run.Id, null, cancellationToken))
            {
                if (actuals.TryGetValue(new SeriesKey(record.Sku, record.Region), out var series) && series.ValueAt(record.TargetDate) is { } actual)
                {
                    accuracy.Add([actual], [record.Mean], [], 1, [record.P10], [record.P90]);
                }
            }

            if (accuracy.Rows > 0)
            {
                scores.Add(new RunScore(run.Id, run.Models, run.Cutoff, accuracy.Rows, accuracy.Wape, accuracy.Bias, accuracy.Coverage));
            }
        }

        return scores;
    }
}

using Forecasting.Core.Accuracy;
using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Pipeline.Scoring;

/// <summary>How one snapshot did on one SKU in one region, by the model that forecast it.</summary>
public sealed record SkuAccuracy(long RunId, DateOnly Cutoff, string Region, string Model, AccuracySums Sums);

/// <summary>
/// A planner's view of one SKU: its recent snapshots (still holding raw forecasts) scored on the fly against its
/// actuals, per region, with the same definitions as the stored aggregates (<see cref="SnapshotScorer"/>). Reads
/// only that SKU's demand and forecasts.
/// </summary>
public sealed class SkuAccuracyService(IForecastingStore store)
{
    public async Task<IReadOnlyList<SkuAccuracy>?> MeasureAsync(string sku, int snapshots, CancellationToken cancellationToken = default)
    {
        if ((await store.GetDemandDaysAsync(cancellationToken)).Last is not { } lastDay)
        {
            return null;
        }

        var series = new List<DemandSeries>();
        await foreach (var s in store.ReadDailySeriesAsync(lastDay, candidate => candidate == sku, cancellationToken))
        {
            series.Add(s);
        }

        if (series.Count == 0)
        {
            return null;
        }

        var runs = Snapshots.Scorable(await store.ListRunsAsync(cancellationToken), await store.ListScoredRunsAsync(cancellationToken), lastDay)
            .OrderByDescending(r => r.Cutoff).ThenByDescending(r => r.Id).Take(snapshots).ToList();
        if (runs.Count == 0)
        {
            return [];
        }

        var window = new ActualsWindow(runs.Min(r => ActualsWindow.FirstDayFor(r.Cutoff)), lastDay);
        foreach (var s in series)
        {
            for (int i = 0; i < s.Length; i++)
            {
                window.Set(s.Key, s.PeriodStart(i), s.Values[i]);
            }
        }

        var results = new List<SkuAccuracy>();
        foreach (var run in runs)
        {
            foreach (var s in series)
            {
                var scorer = new SnapshotScorer(run.Cutoff, window, _ => (string.Empty, 'A'));
                foreach (var f in await store.ReadForecastsAsync(run.Id, s.Key, cancellationToken))
                {
                    scorer.Add(s.Key, f.Model, f.TargetDate, f.Mean, f.P10, f.P50, f.P90);
                }

                foreach (var model in scorer.Cells.GroupBy(c => c.Key.Model))
                {
                    var sums = new AccuracySums();
                    foreach (var cell in model)
                    {
                        sums.Add(cell.Value);
                    }

                    results.Add(new SkuAccuracy(run.Id, run.Cutoff, s.Key.Region, model.Key, sums));
                }
            }
        }

        return results;
    }
}

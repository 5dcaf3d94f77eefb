using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Hierarchy;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Pipeline.Training;

/// <summary>
/// The last step of a training run, after its SKU x region forecasts are written: forecasts for every level of the
/// hierarchy (SKU, category x region, category, region, total) that add up, stored with the run (docs/reconciliation.md).
/// The histories are read once more to get each series' in-sample errors and, for MinT and WLS, the daily sums of the
/// upper levels, which the run's model forecasts directly.
/// </summary>
public sealed class RunReconciliation(IDemandStore demand, IForecastStore forecasts, IHierarchyForecastStore levels)
{
    private static readonly HierarchyLevel[] UpperLevels = [HierarchyLevel.CategoryRegion, HierarchyLevel.Category, HierarchyLevel.Region, HierarchyLevel.Total];

    /// <summary>Reconciles <paramref name="run"/>'s stored forecasts with <paramref name="method"/> and stores every level.</summary>
    /// <returns>Series stored, all levels together.</returns>
    public async Task<int> ReconcileAsync(ForecastRun run, ReconciliationMethod method, IForecaster model, TrainingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var catalog = await demand.GetCatalogAsync(cancellationToken);
        var categoryOf = catalog.GroupBy(c => c.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Category, StringComparer.Ordinal);
        var first = (await demand.GetDemandDaysAsync(cancellationToken)).First ?? run.Cutoff;
        bool direct = method != ReconciliationMethod.BottomUp;
        var history = new LevelHistory(categoryOf, first <= run.Cutoff ? first : run.Cutoff, run.Cutoff, direct ? UpperLevels : []);
        await foreach (var series in demand.ReadDailySeriesAsync(run.Cutoff, null, cancellationToken))
        {
            history.Add(series);
        }

        var start = run.Cutoff.AddDays(1);
        var bottom = BaseForecasts(await forecasts.ReadForecastsAsync(run.Id, null, cancellationToken), start, run.Horizon, history);
        var hierarchy = new ForecastHierarchy([.. bottom.Select(b => (b.Key.Sku!, b.Key.Region!, b.Key.Category!))]);
        var errors = bottom.Select(b => history.ErrorsOf(new SeriesKey(b.Key.Sku!, b.Key.Region!))).ToList();
        var upper = direct ? history.ForecastDirectly(UpperLevels, model, new ForecastRequest { Horizon = run.Horizon, SeasonLength = options.SeasonLength }, cancellationToken) : null;
        var reconciled = new HierarchyReconciler(method).Reconcile(hierarchy, bottom, errors, upper);
        var rows = new List<HierarchyForecastRecord>(reconciled.Count * run.Horizon);
        foreach (var f in reconciled)
        {
            for (int h = 0; h < f.Horizon; h++)
            {
                rows.Add(new HierarchyForecastRecord(run.Id, f.Key.Level, f.Key.Sku, f.Key.Category, f.Key.Region, start.AddDays(h), h + 1, f.Mean[h], f.P10[h], f.P50[h], f.P90[h]));
            }
        }

        await levels.WriteReconciledForecastsAsync(run.Id, method, rows, cancellationToken);
        return reconciled.Count;
    }

    /// <summary>The run's SKU x region forecasts as arrays over the horizon (a day without a row is 0), one model per series.</summary>
    private static List<LevelForecast> BaseForecasts(IReadOnlyList<ForecastRecord> rows, DateOnly start, int horizon, LevelHistory history)
    {
        var result = new List<LevelForecast>();
        foreach (var series in rows.GroupBy(r => (r.Sku, r.Region)).OrderBy(g => g.Key.Sku, StringComparer.Ordinal).ThenBy(g => g.Key.Region, StringComparer.Ordinal))
        {
            string model = series.Min(r => r.Model)!;
            var f = new LevelForecast(HierarchyKey.Of(HierarchyLevel.SkuRegion, series.Key.Sku, history.CategoryOf(series.Key.Sku), series.Key.Region),
                new double[horizon], new double[horizon], new double[horizon], new double[horizon]);
            foreach (var row in series.Where(r => r.Model == model))
            {
                int h = row.TargetDate.DayNumber - start.DayNumber;
                if (h >= 0 && h < horizon)
                {
                    (f.Mean[h], f.P10[h], f.P50[h], f.P90[h]) = (row.Mean, row.P10, row.P50, row.P90);
                }
            }

            result.Add(f);
        }

        return result;
    }
}

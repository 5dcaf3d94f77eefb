using System.Globalization;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Hierarchy;
using Forecasting.Core.Trends;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Reports;

namespace Forecasting.Cli.Demo;

/// <summary>The demo's designer view: the store's top emerging items and colours, one emerging item's interest against
/// its units, and the largest category's forecast beside the sum of its SKU forecasts.</summary>
/// <param name="CategoryTotals">28-day totals: the category forecast directly from its own history, the stored (reconciled)
/// category forecast with its p10-p90 from the joint spread, and the sum of its SKU x region p10s and p90s.</param>
public sealed record DemoLevelsResult(IReadOnlyList<EmergenceSignal> Items, IReadOnlyList<EmergenceSignal> Colours, SeriesChart? InterestChart,
    string? Category, SeriesChart? CategoryChart, ReportTable? CategoryTotals);

internal static class DemoLevels
{
    private const int Top = 10;
    private const int HistoryDays = 56;

    public static async Task<DemoLevelsResult> MeasureAsync(IForecastingStore store, ForecastRun run, CancellationToken cancellationToken)
    {
        var items = (await store.RankEmergenceAsync(new EmergenceQuery(EmergenceDirection.Emerging, Top: Top), cancellationToken)).Items;
        var colours = (await store.RankEmergenceAsync(new EmergenceQuery(EmergenceDirection.Emerging, [TrendDimension.Color], Top: Top), cancellationToken)).Items;
        var interest = items.Count == 0 ? null : await InterestChartAsync(store, items[0].Key, run.Cutoff, cancellationToken);
        var (category, chart, totals) = await CategoryAsync(store, run, cancellationToken);
        return new DemoLevelsResult(items, colours, interest, category, chart, totals);
    }

    public static IEnumerable<ReportSection> Sections(DemoLevelsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        yield return Ranking($"Top {Top} emerging items: interest rising faster than units (last 7 days against the 28 before)", "SKU", result.Items);
        yield return Ranking($"Top {Top} emerging colours", "colour", result.Colours);
        if (result.InterestChart is { } interest)
        {
            yield return interest;
        }
        else
        {
            yield return new KeyValueSummary("Emerging item: interest against units", [new("emerging items", "none: no item's interest is rising faster than its units on the last day")]);
        }

        if (result.CategoryChart is { } chart)
        {
            yield return chart;
        }

        if (result.CategoryTotals is { } totals)
        {
            yield return totals;
        }
    }

    private static ReportTable Ranking(string caption, string key, IReadOnlyList<EmergenceSignal> signals) =>
        new(caption, ["rank", key, "score", "interest growth", "units growth", "lag (days)", "regions turned"],
            [.. signals.Select((s, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), s.Key, F(s.Score, "F2"), F(s.InterestGrowth, "F2") + "x", F(s.SalesGrowth, "F2") + "x",
                s.LagDays?.ToString(CultureInfo.InvariantCulture) ?? "", $"{s.RegionsTurned.Count} of {s.Regions}"])]);

    /// <summary>Units and views per day over every region for the last <see cref="HistoryDays"/> days; views are drawn at the
    /// item's units-per-view over those days so both read in units.</summary>
    private static async Task<SeriesChart?> InterestChartAsync(IForecastingStore store, string sku, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var units = new double[HistoryDays];
        var views = new double[HistoryDays];
        var first = lastDay.AddDays(1 - HistoryDays);
        await foreach (var s in store.ReadDailySeriesWithSignalsAsync(lastDay, code => code == sku, cancellationToken))
        {
            for (int d = 0; d < HistoryDays; d++)
            {
                if (s.Series.IndexOf(first.AddDays(d)) is { } i)
                {
                    units[d] += s.Series.Values[i];
                    views[d] += s.Signals is { } signals && i < signals.Length ? signals.Column(0)[i] : 0;
                }
            }
        }

        double perView = views.Sum() > 0 ? units.Sum() / views.Sum() : 0;
        return new SeriesChart($"Emerging item {sku}: interest (views) against units, all regions", "day", "units a day", Labels(first, HistoryDays),
            [new ChartLine("units sold", [.. units.Select(v => (double?)v)], ReportPalette.Actual),
             new ChartLine($"views x {perView:G3} (the item's units per view)", [.. views.Select(v => (double?)(v * perView))], ReportPalette.Alternative)],
            []);
    }

    /// <summary>The category with the most units in the last 28 days: its history, its forecast straight from its own summed
    /// history (the automatic pipeline), the stored category forecast (the sum of its SKU x region forecasts, p10-p90 from
    /// their joint spread) and the sum of its SKU x region p10s and p90s (what adding quantiles would claim).</summary>
    private static async Task<(string?, SeriesChart?, ReportTable?)> CategoryAsync(IForecastingStore store, ForecastRun run, CancellationToken cancellationToken)
    {
        if (await store.GetReconciliationAsync(run.Id, cancellationToken) is null)
        {
            return (null, null, null);
        }

        var catalog = (await store.GetCatalogAsync(cancellationToken)).ToDictionary(c => c.Sku, c => c.Category, StringComparer.Ordinal);
        var first = (await store.GetDemandDaysAsync(cancellationToken)).First ?? run.Cutoff;
        var history = new LevelHistory(catalog, first, run.Cutoff, [HierarchyLevel.Category]);
        await foreach (var s in store.ReadDailySeriesAsync(run.Cutoff, null, cancellationToken))
        {
            history.Add(s);
        }

        var categories = history.Histories(HierarchyLevel.Category);
        if (categories.Count == 0)
        {
            return (null, null, null);
        }

        var (key, series) = categories.MaxBy(c => c.History.Values[^Math.Min(28, c.History.Length)..].ToArray().Sum());
        string category = key.Category!;
        var direct = history.ForecastDirectly([HierarchyLevel.Category], new AutoForecaster(), new ForecastRequest { Horizon = run.Horizon, SeasonLength = 7 }, cancellationToken)[key];
        var reconciled = (await store.ReadReconciledForecastsAsync(run.Id, HierarchyLevel.Category, new HierarchyFilter(Category: category), cancellationToken)).OrderBy(r => r.TargetDate).ToList();
        var skus = (await store.ReadReconciledForecastsAsync(run.Id, HierarchyLevel.SkuRegion, new HierarchyFilter(Category: category), cancellationToken))
            .GroupBy(r => r.TargetDate).OrderBy(g => g.Key).Select(g => (Mean: g.Sum(r => r.Mean), P10: g.Sum(r => r.P10), P90: g.Sum(r => r.P90))).ToList();
        int shown = Math.Min(HistoryDays, series.Length);
        int horizon = reconciled.Count;
        var labels = Labels(run.Cutoff.AddDays(1 - shown), shown + horizon);
        List<double?> Past(IEnumerable<double> values) => [.. values, .. Enumerable.Repeat<double?>(null, horizon)];
        List<double?> Ahead(IEnumerable<double> values) => [.. Enumerable.Repeat<double?>(null, shown - 1), series.Values[^1], .. values.Select(v => (double?)v)];
        var chart = new SeriesChart($"Category {category}: its forecast beside the sum of its SKU forecasts", "day", "units a day", labels,
            [new ChartLine("units sold", Past(series.Values[^shown..].ToArray()), ReportPalette.Actual),
             new ChartLine("sum of its SKU x region forecasts (stored category forecast)", Ahead(skus.Select(s => s.Mean)), ReportPalette.Forecast, Dashed: true),
             new ChartLine("category forecast from its own history (automatic pipeline)", Ahead(direct.Mean), ReportPalette.Baseline, Dashed: true),
             new ChartLine("sum of the SKUs' p90s (adding quantiles)", Ahead(skus.Select(s => s.P90)), ReportPalette.Alternative, Dashed: true)],
            [new ChartBand("category p10-p90 (joint spread of its SKUs)", Ahead(reconciled.Select(r => r.P10)), Ahead(reconciled.Select(r => r.P90)), ReportPalette.Interval)]);
        var totals = new ReportTable($"Category {category}, next {horizon} days: the stored category forecast adds up to its SKU x region forecasts; its band comes from their joint spread, narrower than adding their quantiles",
            ["forecast", "units", "p10 (daily, summed)", "p90 (daily, summed)"],
            [["sum of its SKU x region forecasts", F(skus.Sum(s => s.Mean), "N0"), F(skus.Sum(s => s.P10), "N0"), F(skus.Sum(s => s.P90), "N0")],
             ["stored category forecast", F(reconciled.Sum(r => r.Mean), "N0"), F(reconciled.Sum(r => r.P10), "N0"), F(reconciled.Sum(r => r.P90), "N0")],
             ["from its own history", F(direct.Mean.Sum(), "N0"), F(direct.P10.Sum(), "N0"), F(direct.P90.Sum(), "N0")]]);
        return (category, chart, totals);
    }

    private static List<string> Labels(DateOnly first, int count) => [.. Enumerable.Range(0, count).Select(d => first.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];

    private static string F(double value, string format) => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
}

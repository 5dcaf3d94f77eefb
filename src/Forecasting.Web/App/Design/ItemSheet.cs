using System.Globalization;
using Forecasting.Core.Domain;
using Forecasting.Core.Trends;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Reports;

namespace Forecasting.Web.App.Design;

/// <summary>One region of an item: recent sales and interest against the weeks before, and the forecast ahead.</summary>
/// <param name="UnitsRecent">Units of the last <see cref="ItemSheet.RecentDays"/> days.</param>
/// <param name="UnitsBefore">Units of the <see cref="ItemSheet.RecentDays"/> days before those.</param>
/// <param name="InterestRecent">Interest (views + searches + cart + wishlist adds) of the last <see cref="ItemSheet.RecentDays"/> days.</param>
/// <param name="ForecastDays">Forecast days summed (0: no forecast for the region).</param>
/// <param name="Model">The model that forecast the region (null: none).</param>
public sealed record ItemRegionRow(string Region, double UnitsRecent, double UnitsBefore, double InterestRecent, double InterestBefore,
    int ForecastDays, double ForecastMean, double ForecastP10, double ForecastP90, string? Model)
{
    public double? UnitsGrowth => UnitsBefore > 0 ? UnitsRecent / UnitsBefore - 1 : null;

    public double? InterestGrowth => InterestBefore > 0 ? InterestRecent / InterestBefore - 1 : null;
}

/// <summary>
/// The item page: an item's catalog attributes, one row per region (sales and interest of the last four weeks against
/// the four before, the forecast of the next four weeks with an approximate p10-p90), and for one region its daily
/// sales with the forecast band ahead and its daily interest.
/// </summary>
public sealed record ItemSheet(CatalogItem? Item, IReadOnlyList<ItemRegionRow> Regions, string? Region, long? ForecastRun, SeriesChart? SalesChart, SeriesChart? InterestChart)
{
    /// <summary>Days compared in the region table (and forecast days summed).</summary>
    public const int RecentDays = 28;

    /// <summary>History days drawn on the charts.</summary>
    public const int ChartDays = 84;

    /// <summary>The item's sheet; null when nothing about <paramref name="sku"/> is stored (neither catalog nor demand).</summary>
    public static async Task<ItemSheet?> LoadAsync(IForecastingStore store, string sku, string? region, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var item = (await store.GetCatalogAsync(cancellationToken)).FirstOrDefault(c => c.Sku == sku);
        var series = new List<SeriesWithSignals>();
        await foreach (var s in store.ReadDailySeriesWithSignalsAsync(null, code => code == sku, cancellationToken))
        {
            series.Add(s);
        }

        if (item is null && series.Count == 0)
        {
            return null;
        }

        var run = (await store.ListRunsAsync(cancellationToken)).LatestCompletedProduction();
        var forecasts = new Dictionary<string, IReadOnlyList<ForecastRecord>>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            forecasts[s.Series.Key.Region] = run is null ? [] : await store.ReadForecastsAsync(run.Id, s.Series.Key, cancellationToken);
        }

        var rows = series.Select(s => Row(s, forecasts[s.Series.Key.Region])).OrderByDescending(r => r.UnitsRecent).ThenBy(r => r.Region, StringComparer.Ordinal).ToList();
        string? chosen = region is not null && rows.Any(r => r.Region == region) ? region : rows.FirstOrDefault()?.Region;
        var shown = series.FirstOrDefault(s => s.Series.Key.Region == chosen);
        return new ItemSheet(item, rows, chosen, run?.Id,
            shown is null ? null : DrawSales(shown.Series, forecasts[chosen!]),
            shown?.Signals is null ? null : DrawInterest(shown.Series, shown.Signals));
    }

    private static ItemRegionRow Row(SeriesWithSignals s, IReadOnlyList<ForecastRecord> forecast)
    {
        var units = s.Series.Values;
        double Sum(ReadOnlySpan<double> values, int fromEnd, int count)
        {
            double total = 0;
            for (int i = Math.Max(0, values.Length - fromEnd); i < Math.Max(0, values.Length - fromEnd + count); i++)
            {
                total += values[i];
            }

            return total;
        }

        double interestRecent = 0, interestBefore = 0;
        if (s.Signals is { } signals)
        {
            for (int c = 0; c < signals.ColumnCount; c++)
            {
                interestRecent += Sum(signals.Column(c), RecentDays, RecentDays);
                interestBefore += Sum(signals.Column(c), 2 * RecentDays, RecentDays);
            }
        }

        var ahead = forecast.OrderBy(f => f.TargetDate).Take(RecentDays).ToList();
        var (mean, p10, p90) = ForecastSpread.Sum(ahead.Select(f => (f.Mean, f.P10, f.P90)));
        return new ItemRegionRow(s.Series.Key.Region, Sum(units, RecentDays, RecentDays), Sum(units, 2 * RecentDays, RecentDays), interestRecent, interestBefore,
            ahead.Count, mean, p10, p90, ahead.FirstOrDefault()?.Model);
    }

    /// <summary>The region's daily units over the last <see cref="ChartDays"/> days, then the forecast mean and p10-p90.</summary>
    private static SeriesChart DrawSales(DemandSeries series, IReadOnlyList<ForecastRecord> forecast)
    {
        int take = Math.Min(ChartDays, series.Length);
        int first = series.Length - take;
        var ahead = forecast.OrderBy(f => f.TargetDate).ToList();
        var labels = Enumerable.Range(first, take).Select(i => Label(series.PeriodStart(i))).Concat(ahead.Select(f => Label(f.TargetDate))).ToList();
        var none = ahead.Select(_ => (double?)null);
        var history = Enumerable.Range(first, take).Select(i => (double?)series.Values[i]).ToList();
        List<double?> Ahead(Func<ForecastRecord, double> pick) => [.. history.Select(_ => (double?)null), .. ahead.Select(f => (double?)pick(f))];
        var lines = new List<ChartLine> { new("units sold", [.. history, .. none], ReportPalette.Actual) };
        var bands = new List<ChartBand>();
        if (ahead.Count > 0)
        {
            lines.Add(new ChartLine($"forecast mean ({ahead[0].Model})", Ahead(f => f.Mean), ReportPalette.Forecast));
            bands.Add(new ChartBand("forecast p10-p90", Ahead(f => f.P10), Ahead(f => f.P90), ReportPalette.Interval));
        }

        return new SeriesChart($"{series.Key.Sku} in {series.Key.Region}: daily units and forecast", "day", "units", labels, lines, bands);
    }

    /// <summary>The region's daily interest signals over the last <see cref="ChartDays"/> days.</summary>
    private static SeriesChart DrawInterest(DemandSeries series, Core.Forecasting.Signals.SeriesSignals signals)
    {
        int take = Math.Min(ChartDays, signals.Length);
        int first = signals.Length - take;
        var labels = Enumerable.Range(first, take).Select(i => Label(signals.Start.AddDays(i))).ToList();
        string[] colours = [ReportPalette.Baseline, ReportPalette.Alternative, ReportPalette.Forecast, ReportPalette.Alert];
        var lines = Enumerable.Range(0, signals.ColumnCount)
            .Select(c => new ChartLine(signals.Names[c], [.. signals.Column(c)[first..].ToArray().Select(v => (double?)v)], colours[c % colours.Length]))
            .ToList();
        return new SeriesChart($"{series.Key.Sku} in {series.Key.Region}: daily interest", "day", "count", labels, lines, []);
    }

    private static string Label(DateOnly day) => day.ToString("MM-dd", CultureInfo.InvariantCulture);
}

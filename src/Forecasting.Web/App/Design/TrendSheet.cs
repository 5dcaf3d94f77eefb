using Forecasting.Core.Trends;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Reports;

namespace Forecasting.Web.App.Design;

/// <summary>What the designer asked the trends page for (the query string, checked).</summary>
/// <param name="By">The attribute the groups are values of.</param>
/// <param name="Region">Only this region (null: all regions).</param>
/// <param name="Category">Only this category (null: all).</param>
/// <param name="Focus">The group drawn against its interest (null: the group with the most units).</param>
public sealed record TrendAsk(TrendDimension By, string? Region, string? Category, int Weeks, string? Focus)
{
    /// <summary>The attributes a designer groups by (region is a filter on this page, not a grouping).</summary>
    public static IReadOnlyList<TrendDimension> Attributes { get; } =
        [TrendDimension.Category, TrendDimension.Style, TrendDimension.Color, TrendDimension.Material, TrendDimension.PriceBand];

    /// <summary>The window lengths offered, in weeks.</summary>
    public static IReadOnlyList<int> WeekChoices { get; } = [4, 8, 12, 26, 52];

    public IReadOnlyDictionary<TrendDimension, string> Filters => FiltersOf(Region, Category);

    /// <summary>A region and a category as trend filters (only the ones given).</summary>
    public static IReadOnlyDictionary<TrendDimension, string> FiltersOf(string? region, string? category)
    {
        var filters = new Dictionary<TrendDimension, string>();
        if (region is not null)
        {
            filters[TrendDimension.Region] = region;
        }

        if (category is not null)
        {
            filters[TrendDimension.Category] = category;
        }

        return filters;
    }
}

/// <summary>One group's row on the trends page: its last complete week and the forecast of the weeks ahead.</summary>
/// <param name="ForecastWeeks">Complete forecast weeks summed in <paramref name="ForecastMean"/> (0: no forecast).</param>
public sealed record TrendRow(string Value, long Units, long UnitsInWindow, long Interest, double? UnitsGrowth4Weeks, double? InterestGrowth4Weeks,
    double? UnitsGrowthYear, double? InterestGrowthYear, double? UnitsPerView, double? UnitsPerCartAdd, double? ReturnRate,
    int ForecastWeeks, double ForecastMean, double ForecastP10, double ForecastP90)
{
    /// <summary>Interest growing faster than units over the last 4 weeks: demand that has not arrived yet.</summary>
    public bool InterestLeads => InterestGrowth4Weeks is { } i && i > 0.2 && i > (UnitsGrowth4Weeks ?? 0) + 0.2;
}

/// <summary>
/// The trends page: one attribute's values by week (units of the biggest groups, a table of every group with growth,
/// conversion and the forecast ahead) and one group's interest against its units, both as an index (100 = the group's
/// mean week in the window) so that views in the thousands and units in the tens share one axis.
/// </summary>
public sealed record TrendSheet(TrendAsk Ask, TrendReport Report, IReadOnlyList<TrendRow> Rows, string? Focus, SeriesChart? UnitsChart, SeriesChart? InterestChart)
{
    /// <summary>Groups drawn on the units chart (the table lists all).</summary>
    public const int ChartedGroups = 6;

    /// <summary>Line colours beyond the report palette's (Okabe-Ito, readable by colour-blind people).</summary>
    private static readonly string[] GroupColours =
        [ReportPalette.Forecast, ReportPalette.Baseline, ReportPalette.Alternative, ReportPalette.Alert, "#cc79a7", ReportPalette.Actual];

    public static async Task<TrendSheet> LoadAsync(IForecastingStore store, TrendAsk ask, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ask);
        var report = await store.QueryTrendsAsync(new TrendQuery([ask.By], ask.Filters, ask.Weeks), cancellationToken);
        var rows = report.Series.Select(Row).OrderByDescending(r => r.UnitsInWindow).ThenBy(r => r.Value, StringComparer.Ordinal).ToList();
        string? focus = ask.Focus is { } f && rows.Any(r => r.Value == f) ? f : rows.FirstOrDefault()?.Value;
        var focused = report.Series.FirstOrDefault(s => Value(s) == focus);
        return new TrendSheet(ask, report, rows, focus, DrawUnits(ask, report, rows), focused is null ? null : DrawInterest(ask, report, focused));
    }

    /// <summary>The name a group is shown with (items without the attribute are "(none)").</summary>
    public static string Value(TrendSeries series) => series.Group.Values.FirstOrDefault() ?? "(none)";

    private static TrendRow Row(TrendSeries series)
    {
        var last = series.Weeks[^1];
        var complete = series.Forecast.Where(w => w.Days == 7).ToList();
        var (mean, p10, p90) = ForecastSpread.Sum(complete.Select(w => (w.Mean, w.P10, w.P90)));
        return new TrendRow(Value(series), last.Totals.Units, series.Weeks.Sum(w => w.Totals.Units), last.Totals.Interest, last.UnitsGrowth4Weeks, last.InterestGrowth4Weeks,
            last.UnitsGrowthYear, last.InterestGrowthYear, last.UnitsPerView, last.UnitsPerCartAdd, last.ReturnRate, complete.Count, mean, p10, p90);
    }

    /// <summary>Weekly units of the biggest groups, then their forecast weeks (dashed) after the last stored week.</summary>
    private static SeriesChart? DrawUnits(TrendAsk ask, TrendReport report, IReadOnlyList<TrendRow> rows)
    {
        if (rows.Count == 0)
        {
            return null;
        }

        var forecastWeeks = report.Series.SelectMany(s => s.Forecast).Where(w => w.Days == 7).Select(w => w.Week).Distinct().Order().ToList();
        var labels = report.Weeks.Concat(forecastWeeks).Select(IsoWeeks.Name).ToList();
        var lines = new List<ChartLine>();
        foreach (var (row, index) in rows.Take(ChartedGroups).Select((r, i) => (r, i)))
        {
            var series = report.Series.First(s => Value(s) == row.Value);
            string colour = GroupColours[index % GroupColours.Length];
            var actual = report.Weeks.Select(w => (double?)series.Weeks.FirstOrDefault(x => x.Week == w)?.Totals.Units).Concat(forecastWeeks.Select(_ => (double?)null));
            var ahead = report.Weeks.Select((w, i) => i == report.Weeks.Count - 1 ? (double?)series.Weeks[^1].Totals.Units : null)
                .Concat(forecastWeeks.Select(w => series.Forecast.FirstOrDefault(f => f.Week == w && f.Days == 7)?.Mean));
            lines.Add(new ChartLine(row.Value, [.. actual], colour));
            if (forecastWeeks.Count > 0)
            {
                lines.Add(new ChartLine("", [.. ahead], colour, Dashed: true)); // no legend entry: the title says forecasts are dashed
            }
        }

        string where = ask.Region is null ? "all regions" : ask.Region;
        return new SeriesChart($"Units per week by {ask.By.Name()} ({where}), forecast dashed", "ISO week", "units", labels, lines, []);
    }

    /// <summary>One group's units, interest and cart adds per week as an index (100 = its mean week), with the forecast
    /// weeks' mean and p10-p90 on the units' scale.</summary>
    private static SeriesChart DrawInterest(TrendAsk ask, TrendReport report, TrendSeries series)
    {
        var forecast = series.Forecast.Where(w => w.Days == 7).OrderBy(w => w.Week).ToList();
        var labels = report.Weeks.Concat(forecast.Select(w => w.Week)).Select(IsoWeeks.Name).ToList();
        var weeks = report.Weeks.Select(w => series.Weeks.FirstOrDefault(x => x.Week == w)?.Totals ?? default).ToList();
        double unitsBase = Base(weeks.Select(t => (double)t.Units));
        var none = forecast.Select(_ => (double?)null).ToList();
        List<double?> Index(Func<TrendTotals, long> pick)
        {
            double scale = Base(weeks.Select(t => (double)pick(t)));
            return [.. weeks.Select(t => scale > 0 ? 100 * pick(t) / scale : (double?)null), .. none];
        }

        List<double?> Ahead(Func<TrendForecastWeek, double> pick) =>
            [.. report.Weeks.Select((_, i) => i == report.Weeks.Count - 1 && unitsBase > 0 ? 100 * weeks[^1].Units / unitsBase : (double?)null),
             .. forecast.Select(w => unitsBase > 0 ? 100 * pick(w) / unitsBase : (double?)null)];

        var lines = new List<ChartLine>
        {
            new("units", Index(t => t.Units), ReportPalette.Actual),
            new("interest (views + searches + cart + wishlist)", Index(t => t.Interest), ReportPalette.Baseline),
            new("cart adds", Index(t => t.CartAdds), ReportPalette.Alternative, Dashed: true),
        };
        var bands = new List<ChartBand>();
        if (forecast.Count > 0)
        {
            lines.Add(new ChartLine("forecast units", Ahead(w => w.Mean), ReportPalette.Forecast, Dashed: true));
            bands.Add(new ChartBand("forecast p10-p90", Ahead(w => w.P10), Ahead(w => w.P90), ReportPalette.Interval));
        }

        string where = ask.Region is null ? "all regions" : ask.Region;
        return new SeriesChart($"{ask.By.Name()} {Value(series)} ({where}): interest against units, index 100 = mean week", "ISO week", "index", labels, lines, bands);
    }

    private static double Base(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? 0 : list.Average();
    }
}

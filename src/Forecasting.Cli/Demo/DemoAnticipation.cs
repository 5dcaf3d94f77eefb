using System.Globalization;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Synthetic;
using Forecasting.Pipeline.Planning;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Reports;

namespace Forecasting.Cli.Demo;

/// <summary>One planted trend item whose interest had turned before the last day, as the production forecast saw it.</summary>
/// <param name="InterestGrowth">Views of the last 7 days against the 28 before them (per day, all regions).</param>
/// <param name="WithSignals">The stored production forecast's 28-day total (all regions).</param>
/// <param name="SalesOnly">The automatic pipeline's total from the same history without signals.</param>
/// <param name="Seen">The forecast with signals is at least <see cref="DemoAnticipation.SeenRatio"/> times the one without.</param>
/// <param name="SoldAfter">Units sold in the horizon after the cut-off, where the store already has them (NaN otherwise).</param>
/// <param name="Proposals">Pre-positioning moves the plan made from this forecast proposed for the item, and their units.</param>
public sealed record AnticipatedItem(string Sku, string Category, DateOnly InterestTurned, DateOnly UnitsFollow, double InterestGrowth, double UnitsLast28,
    double WithSignals, double SalesOnly, double SoldAfter, bool Seen, string Models, int Proposals, int ProposedUnits);

/// <summary>The demo's anticipation check: trend items, the forecasts with and without signals, and one item's chart.</summary>
public sealed record AnticipationResult(ForecastRun Run, IReadOnlyList<AnticipatedItem> Items, SeriesChart? Example)
{
    public IEnumerable<AnticipatedItem> Seen => Items.Where(i => i.Seen);
}

/// <summary>
/// Names the planted trend items (from the generator's ground truth) whose interest had turned in the last 21 days
/// before the production forecast's cut-off while their units had not yet followed in every region, compares the
/// stored forecast (signals read by the service) with the automatic pipeline's forecast from sales alone, and lists
/// the stock moves proposed for them.
/// </summary>
internal static class DemoAnticipation
{
    /// <summary>An item counts as seen coming when the forecast with signals is at least this multiple of the sales-only one.</summary>
    public const double SeenRatio = 1.2;

    private const int TurnedWithinDays = 21;

    /// <param name="lastDay">The last stored day: units after the run's cut-off up to it are shown as what then sold.</param>
    public static async Task<AnticipationResult> MeasureAsync(IForecastingStore store, GeneratorOptions generator, ForecastRun run, PlanResult plan, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var platform = SyntheticPlatform.Create(generator);
        var last = run.Cutoff;
        var trends = platform.Truth.Items
            .Where(i => i.Trend is { } t && Turned(t) is var turned && turned <= last && turned > last.AddDays(-TurnedWithinDays) && i.Launch < last.AddDays(-56))
            .ToDictionary(i => i.Sku, StringComparer.Ordinal);
        if (trends.Count == 0)
        {
            return new AnticipationResult(run, [], null);
        }

        var read = new List<SeriesWithSignals>();
        var after = new Dictionary<SeriesKey, double[]>();
        await foreach (var s in store.ReadDailySeriesWithSignalsAsync(lastDay, trends.ContainsKey, cancellationToken))
        {
            // The history as the run saw it; the days after its cut-off are what then sold.
            int known = last.DayNumber - s.Series.Start.DayNumber + 1;
            if (known < 1)
            {
                continue;
            }

            read.Add(new SeriesWithSignals(s.Series.Slice(0, known), s.Signals?.Slice(0, known)));
            after[s.Series.Key] = s.Series.Values[known..Math.Min(s.Series.Length, known + run.Horizon)].ToArray();
        }

        var request = new ForecastRequest { Horizon = run.Horizon, SeasonLength = 7 };
        var salesOnly = new AutoForecaster().Forecast([.. read.Select(s => s.Series)], request, cancellationToken: cancellationToken)
            .ToDictionary(f => f.Key);
        var stored = (await store.ReadForecastsAsync(run.Id, null, cancellationToken)).Where(f => trends.ContainsKey(f.Sku))
            .GroupBy(f => new SeriesKey(f.Sku, f.Region)).ToDictionary(g => g.Key, g => g.OrderBy(f => f.TargetDate).ToList());
        var category = platform.Catalog.ToDictionary(i => i.Sku, i => i.Category, StringComparer.Ordinal);
        var items = new List<AnticipatedItem>();
        foreach (var group in read.GroupBy(s => s.Series.Key.Sku, StringComparer.Ordinal))
        {
            var trend = trends[group.Key].Trend!;
            double recent = 0, before = 0, units = 0, with = 0, without = 0, sold = 0;
            foreach (var s in group)
            {
                var views = s.Signals is { } signals ? signals.Column(0) : [];
                recent += Sum(views, views.Length - 7, 7) / 7;
                before += Sum(views, views.Length - 35, 28) / 28;
                units += Sum(s.Series.Values, s.Series.Length - 28, 28);
                with += stored.GetValueOrDefault(s.Series.Key)?.Sum(f => f.Mean) ?? 0;
                without += salesOnly[s.Series.Key].Mean.ToArray().Sum();
                sold += after[s.Series.Key].Sum();
            }

            var moves = plan.Proposals.Where(p => p.Sku == group.Key && p.Kind == Core.Planning.TransferProposal.PrePosition).ToList();
            string models = string.Join(", ", group.Select(s => stored.GetValueOrDefault(s.Series.Key)?.FirstOrDefault()?.Model).OfType<string>().Distinct().Order(StringComparer.Ordinal));
            items.Add(new AnticipatedItem(group.Key, category[group.Key], Turned(trend), Turned(trend).AddDays(trend.LeadDays), before > 0 ? recent / before : double.NaN, units,
                with, without, lastDay >= last.AddDays(run.Horizon) ? sold : double.NaN, with >= SeenRatio * without && with > 0, models, moves.Count, moves.Sum(p => p.Quantity)));
        }

        items.Sort((a, b) => (b.WithSignals / Math.Max(b.SalesOnly, 1e-9)).CompareTo(a.WithSignals / Math.Max(a.SalesOnly, 1e-9)));
        return new AnticipationResult(run, items, Example(items.FirstOrDefault(i => i.Seen), read, after, salesOnly, stored));

        DateOnly Turned(TrendTruth t) => t.InterestStart.AddDays(t.RegionDelays.Min());
    }

    /// <summary>The report's section: the items, then the chart of the one with the largest lift in its most lifted region.</summary>
    public static IEnumerable<ReportSection> Sections(AnticipationResult result, string issued)
    {
        ArgumentNullException.ThrowIfNull(result);
        yield return new ReportTable(
            $"Anticipation, forecast {issued} (cut-off {D(result.Run.Cutoff)}): planted trend items whose interest turned in the {TurnedWithinDays} days before it; seen coming = forecast with signals at least {SeenRatio:0.0}x the one from sales alone; stock moves = pre-positioning proposed by the plan made from that forecast",
            ["SKU", "category", "interest turned", "units follow from", "views growth", "units last 28 d", "forecast 28 d with signals", "from sales only", "then sold", "seen coming", "models", "stock moves", "units moved"],
            [.. result.Items.Select(i => (IReadOnlyList<string>)[i.Sku, i.Category, D(i.InterestTurned), D(i.UnitsFollow), F(i.InterestGrowth, "F1") + "x", F(i.UnitsLast28, "F0"),
                F(i.WithSignals, "F1"), F(i.SalesOnly, "F1"), F(i.SoldAfter, "F0"), i.Seen ? "yes" : "no", i.Models, i.Proposals.ToString(CultureInfo.InvariantCulture), i.ProposedUnits.ToString(CultureInfo.InvariantCulture)])]);
        if (result.Example is { } chart)
        {
            yield return chart;
        }
    }

    private static SeriesChart? Example(AnticipatedItem? item, List<SeriesWithSignals> read, Dictionary<SeriesKey, double[]> after, Dictionary<SeriesKey, SeriesForecast> salesOnly, Dictionary<SeriesKey, List<ForecastRecord>> stored)
    {
        if (item is null)
        {
            return null;
        }

        var best = read.Where(s => s.Series.Key.Sku == item.Sku && stored.ContainsKey(s.Series.Key))
            .MaxBy(s => stored[s.Series.Key].Sum(f => f.Mean) - salesOnly[s.Series.Key].Mean.ToArray().Sum());
        if (best is null)
        {
            return null;
        }

        var series = best.Series;
        int shown = Math.Min(56, series.Length), h = salesOnly[series.Key].Horizon;
        var views = best.Signals?.Column(0).ToArray() ?? new double[series.Length];
        // Views shown in units: scaled by the series' units per view over its history.
        double perView = views.Sum() > 0 ? series.Values.ToArray().Sum() / views.Sum() : 0;
        var labels = Enumerable.Range(0, shown + h).Select(i => series.PeriodStart(series.Length - shown + i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        List<double?> History(double[] values, double scale) => [.. values[^shown..].Select(v => (double?)(v * scale)), .. Enumerable.Repeat<double?>(null, h)];
        List<double?> Ahead(IEnumerable<double> values) => [.. Enumerable.Repeat<double?>(null, shown), .. values.Select(v => (double?)v)];
        var withSignals = stored[series.Key];
        return new SeriesChart($"{item.Sku} in {series.Key.Region}: interest turned, units not yet", "day", "units",
            labels,
            [
                new ChartLine("units sold", History(series.Values.ToArray(), 1), ReportPalette.Actual),
                new ChartLine("units then sold", Ahead(after[series.Key]), ReportPalette.Actual, Dashed: true),
                new ChartLine("views (in units at the item's conversion)", History(views, perView), ReportPalette.Alternative),
                new ChartLine($"forecast with signals ({withSignals[0].Model})", Ahead(withSignals.Select(f => f.Mean)), ReportPalette.Forecast, Dashed: true),
                new ChartLine($"forecast from sales only ({salesOnly[series.Key].Model})", Ahead(salesOnly[series.Key].Mean.ToArray()), ReportPalette.Baseline, Dashed: true),
            ],
            [new ChartBand("with signals p10-p90", Ahead(withSignals.Select(f => f.P10)), Ahead(withSignals.Select(f => f.P90)), ReportPalette.Interval)]);
    }

    private static double Sum(ReadOnlySpan<double> values, int from, int count)
    {
        double sum = 0;
        for (int t = Math.Max(0, from); t < Math.Min(values.Length, from + count); t++)
        {
            sum += values[t];
        }

        return sum;
    }

    private static string D(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string F(double value, string format) => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
}

using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.ColdStart;
using Forecasting.Core.Forecasting.Models;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Forecasting.Signals;
using Forecasting.Core.Synthetic;

namespace Forecasting.Core.Tests.Forecasting.ColdStart;

public sealed class ColdStartForecasterTests
{
    private static readonly ForecastRequest Request = new() { Horizon = 28, SeasonLength = 7 };
    private static readonly DateOnly Start = new(2025, 1, 6);

    [Fact]
    public void Items_launched_in_the_last_four_weeks_of_a_generated_platform_are_forecast_from_analogues_closer_than_by_the_pipeline()
    {
        var options = new GeneratorOptions { Skus = 500, Regions = 4, Days = 400, Seed = 17, LaunchShare = 0.6, TrendingShare = 0 };
        var platform = SyntheticPlatform.Create(options);
        var cutoff = options.End.AddDays(-Request.Horizon);
        var (history, signals, actuals) = HeldOut(platform, cutoff);
        var targets = platform.Catalog.Where(i => i.LaunchDate is { } l && l <= cutoff && l > cutoff.AddDays(-28)).Select(i => i.Sku).ToHashSet(StringComparer.Ordinal);
        var pipeline = new AutoForecaster().Forecast(history, Request);

        var (forecasts, report) = new ColdStartForecaster(platform.Catalog, signals).Apply(history, pipeline, Request);

        var cold = forecasts.Where(f => targets.Contains(f.Key.Sku)).ToList();
        Assert.True(cold.Count >= 40, $"{cold.Count} new series");
        Assert.Equal(cold.Count, report.Forecast);
        Assert.All(cold, f => Assert.Matches(@"^ColdStart\(analogues=\d+\)$", f.Model));
        Assert.All(forecasts.Where(f => !targets.Contains(f.Key.Sku)), f => Assert.DoesNotContain("ColdStart", f.Model, StringComparison.Ordinal));
        double pipelineWape = Wape(pipeline.Where(f => targets.Contains(f.Key.Sku)), actuals), coldWape = Wape(cold, actuals);
        Assert.True(coldWape < 0.85 * pipelineWape, $"cold start WAPE {coldWape:F3}, pipeline {pipelineWape:F3}");
        double coverage = Coverage(cold, actuals);
        Assert.InRange(coverage, 0.7, 0.92);
    }

    [Fact]
    public void Analogues_share_every_attribute_when_enough_do_and_drop_colour_material_style_in_that_order_when_too_few()
    {
        // Target: dresses / casual / red / cotton at 30. Same region: 3 exact twins, 4 more in another colour, 5 more in another
        // material; 20 jeans. Another region: 20 exact twins (never analogues of this region).
        var catalog = new List<CatalogItem> { Item("T", "dresses", "casual", "red", "cotton", 25) };
        var history = new List<DemandSeries> { Series("T", "north", 25, 1) };
        void Add(string prefix, int count, string region, string category, string color, string material)
        {
            for (int i = 0; i < count; i++)
            {
                catalog.Add(Item($"{prefix}{i}", category, "casual", color, material, 200 + i));
                history.Add(Series($"{prefix}{i}", region, 200 + i, 1));
            }
        }

        Add("twin", 3, "north", "dresses", "red", "cotton");
        Add("blue", 4, "north", "dresses", "blue", "cotton");
        Add("silk", 5, "north", "dresses", "red", "silk");
        Add("jeans", 20, "north", "jeans", "red", "cotton");
        Add("south", 20, "south", "dresses", "red", "cotton");
        var pipeline = history.Select(s => new NaiveForecaster().Forecast([s], Request)[0]).ToList();

        string Model(int minAnalogues) => new ColdStartForecaster(catalog, null, new ColdStartOptions { MinAnalogues = minAnalogues })
            .Apply(history, pipeline, Request).Forecasts[0].Model;

        Assert.Equal("ColdStart(analogues=3)", Model(3)); // all attributes
        Assert.Equal("ColdStart(analogues=7)", Model(6)); // without colour
        Assert.Equal("ColdStart(analogues=12)", Model(10)); // without colour and material
        Assert.Equal("ColdStart(analogues=32)", Model(30)); // category and price band dropped: any item of the region
    }

    [Fact]
    public void A_new_item_with_more_early_interest_than_its_analogues_is_forecast_higher_and_an_item_not_launched_yet_from_its_launch_day()
    {
        var catalog = new List<CatalogItem> { Item("T", "dresses", "casual", "red", "cotton", 10), Item("U", "dresses", "casual", "red", "cotton", -5) };
        var history = new List<DemandSeries> { Series("T", "north", 10, 1) };
        var signals = new List<SeriesSignals> { Interest(history[0], 40) };
        for (int i = 0; i < 10; i++)
        {
            catalog.Add(Item($"A{i}", "dresses", "casual", "red", "cotton", 200 + i));
            history.Add(Series($"A{i}", "north", 200 + i, 1));
            signals.Add(Interest(history[^1], 20));
        }

        var pipeline = history.Select(s => new NaiveForecaster().Forecast([s], Request)[0]).ToList();
        var withInterest = new ColdStartForecaster(catalog, new SignalPanel(signals)).Apply(history, pipeline, Request).Forecasts[0];
        var withoutInterest = new ColdStartForecaster(catalog).Apply(history, pipeline, Request).Forecasts[0];
        Assert.InRange(withoutInterest.Mean.ToArray().Sum(), 27, 29); // one unit a day like its analogues
        // Twice its analogues' interest and the same units so far: k = (10 + 10 units) / (10 / 2 + 10) = 1.33.
        Assert.InRange(withInterest.Mean.ToArray().Sum() / withoutInterest.Mean.ToArray().Sum(), 1.3, 1.37);

        var first = history[0].End.AddDays(1);
        var upcoming = new ColdStartForecaster(catalog).ForecastUnlaunched(history, "U", "north", first, Request)!;
        Assert.Equal("ColdStart(analogues=10)", upcoming.Model);
        Assert.All(upcoming.Mean[..5].ToArray(), m => Assert.Equal(0, m));
        Assert.All(upcoming.Mean[5..].ToArray(), m => Assert.True(m > 0.5));
    }

    private static CatalogItem Item(string sku, string category, string style, string color, string material, int daysSinceLaunch) =>
        new(sku, category, style, color, material, Start.AddDays(400 - daysSinceLaunch), 30, 12);

    /// <summary>A series launched <paramref name="days"/> days before the end of day 399, selling <paramref name="rate"/> a day.</summary>
    private static DemandSeries Series(string sku, string region, int days, double rate) =>
        new(new SeriesKey(sku, region), Granularity.Day, Start.AddDays(400 - days), [.. Enumerable.Repeat(rate, days)]);

    private static SeriesSignals Interest(DemandSeries series, double perDay) =>
        new(series.Key, series.Start, ["views"], [[.. Enumerable.Repeat(perDay, series.Length)]]);

    private static (List<DemandSeries> History, SignalPanel Signals, Dictionary<SeriesKey, double[]> Actuals) HeldOut(SyntheticPlatform platform, DateOnly cutoff)
    {
        var start = platform.Options.Start;
        int days = platform.Options.Days;
        var columns = new Dictionary<SeriesKey, (double[] Units, double[] Views, int First)>();
        foreach (var row in platform.Demand())
        {
            var key = new SeriesKey(row.Sku, row.Region);
            int day = row.Date.DayNumber - start.DayNumber;
            if (!columns.TryGetValue(key, out var c))
            {
                columns[key] = c = (new double[days], new double[days], day);
            }

            c.Units[day] = row.Units;
            c.Views[day] = row.Views + row.CartAdds;
        }

        var launch = platform.Catalog.ToDictionary(i => i.Sku, i => i.LaunchDate, StringComparer.Ordinal);
        var history = new List<DemandSeries>();
        var signals = new List<SeriesSignals>();
        var actuals = new Dictionary<SeriesKey, double[]>();
        int cut = cutoff.DayNumber - start.DayNumber + 1;
        foreach (var (key, c) in columns.OrderBy(p => p.Key.Sku, StringComparer.Ordinal).ThenBy(p => p.Key.Region, StringComparer.Ordinal))
        {
            int first = launch[key.Sku] is { } l ? Math.Clamp(l.DayNumber - start.DayNumber, 0, c.First) : 0;
            if (first >= cut)
            {
                continue;
            }

            var series = new DemandSeries(key, Granularity.Day, start.AddDays(first), c.Units[first..cut]);
            history.Add(series);
            signals.Add(new SeriesSignals(key, series.Start, ["interest"], [c.Views[first..cut]]));
            actuals[key] = c.Units[cut..(cut + Request.Horizon)];
        }

        return (history, new SignalPanel(signals), actuals);
    }

    private static double Wape(IEnumerable<SeriesForecast> forecasts, Dictionary<SeriesKey, double[]> actuals)
    {
        double error = 0, total = 0;
        foreach (var f in forecasts)
        {
            double actual = actuals[f.Key].Sum();
            error += Math.Abs(f.Mean.ToArray().Sum() - actual);
            total += actual;
        }

        return error / total;
    }

    private static double Coverage(IEnumerable<SeriesForecast> forecasts, Dictionary<SeriesKey, double[]> actuals)
    {
        int inside = 0, points = 0;
        foreach (var f in forecasts)
        {
            var y = actuals[f.Key];
            for (int t = 0; t < y.Length; t++)
            {
                points++;
                inside += y[t] >= f.Quantile(0.1)[t] && y[t] <= f.Quantile(0.9)[t] ? 1 : 0;
            }
        }

        return inside / (double)points;
    }
}

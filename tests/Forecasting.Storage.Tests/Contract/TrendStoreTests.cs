using System.Globalization;
using System.Text;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Trends;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Storage.Tests.Contract;

/// <summary>
/// Trend aggregates on both stores against a hand computation: a catalog of four items (colours red and blue over two
/// categories, prices in three bands and one unpriced), 62 weeks of daily rows in two regions drawn from a formula,
/// and every expected number summed here from the same rows with LINQ.
/// </summary>
public abstract class TrendStoreTests : StoreContractTests
{
    /// <summary>A Monday: the history holds 62 whole ISO weeks.</summary>
    private static readonly DateOnly First = new(2024, 1, 1);
    private static readonly DateOnly Last = First.AddDays((62 * 7) - 1);

    private static readonly (string Sku, string Category, string Color, string Price)[] Items =
    [
        ("A", "dresses", "red", "30"), ("B", "dresses", "blue", "60"), ("C", "jeans", "red", "250"), ("D", "jeans", "blue", ""),
    ];

    private static readonly string[] Regions = ["north", "south"];

    private sealed record Row(string Sku, string Region, DateOnly Day, int Units, int Returns, int Views, int Searches, int CartAdds, int WishlistAdds);

    private static List<Row> Rows()
    {
        var rows = new List<Row>();
        for (var day = First; day <= Last; day = day.AddDays(1))
        {
            int t = day.DayNumber - First.DayNumber;
            for (int i = 0; i < Items.Length; i++)
            {
                for (int r = 0; r < Regions.Length; r++)
                {
                    int units = ((t * 7) + (i * 3) + (r * 5)) % 11 + (t / 30);
                    rows.Add(new Row(Items[i].Sku, Regions[r], day, units, units % 3, (units * 9) + ((t + i) % 13), (units * 2) + (r * 3), units + ((t + r) % 4), (t + i + r) % 3));
                }
            }
        }

        return rows;
    }

    private static async Task<TempStore> LoadAsync(TempStore temp)
    {
        await temp.SeedReferenceAsync(); // the north/south network
        var catalog = new StringBuilder("sku,category,style,color,material,price\n");
        foreach (var (sku, category, color, price) in Items)
        {
            catalog.Append(CultureInfo.InvariantCulture, $"{sku},{category},casual,{color},cotton,{price}\n");
        }

        await temp.Load(IngestKind.Catalog, catalog.ToString(), "trend-catalog.csv");
        var demand = new StringBuilder("sku,region,date,units,returns,views,searches,cart_adds,wishlist_adds\n");
        foreach (var r in Rows())
        {
            demand.Append(CultureInfo.InvariantCulture, $"{r.Sku},{r.Region},{r.Day:yyyy-MM-dd},{r.Units},{r.Returns},{r.Views},{r.Searches},{r.CartAdds},{r.WishlistAdds}\n");
        }

        var report = await temp.Load(IngestKind.Demand, demand.ToString(), "trend-demand.csv");
        Assert.Empty(report.FirstRejects);
        return temp;
    }

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static (long Units, long Returns, long Views, long Searches, long CartAdds, long WishlistAdds) Sum(IEnumerable<Row> rows)
    {
        var list = rows.ToList();
        return (list.Sum(r => r.Units), list.Sum(r => r.Returns), list.Sum(r => r.Views), list.Sum(r => r.Searches), list.Sum(r => r.CartAdds), list.Sum(r => r.WishlistAdds));
    }

    [Fact]
    public async Task Weekly_totals_conversion_and_growth_by_colour_equal_a_hand_computation()
    {
        using var temp = await LoadAsync(NewStore());
        var rows = Rows();

        var report = await temp.Store.QueryTrendsAsync(new TrendQuery([TrendDimension.Color], Weeks: 3));

        var lastWeek = Monday(Last); // the history ends on a Sunday: its week is complete
        Assert.Equal(Last, report.LastDay);
        Assert.Equal([lastWeek.AddDays(-14), lastWeek.AddDays(-7), lastWeek], report.Weeks);
        Assert.Equal(["blue", "red"], report.Series.Select(s => s.Group[TrendDimension.Color]));
        foreach (var series in report.Series)
        {
            string color = series.Group[TrendDimension.Color]!;
            var skus = Items.Where(i => i.Color == color).Select(i => i.Sku).ToHashSet();
            IEnumerable<Row> Week(DateOnly monday) => rows.Where(r => skus.Contains(r.Sku) && r.Day >= monday && r.Day < monday.AddDays(7));
            foreach (var week in series.Weeks)
            {
                var (units, returns, views, searches, cartAdds, wishlistAdds) = Sum(Week(week.Week));
                Assert.Equal(new TrendTotals(units, returns, views, searches, cartAdds, wishlistAdds), week.Totals);
                Assert.Equal(returns / (double)units, week.ReturnRate!.Value, 12);
                Assert.Equal(units / (double)views, week.UnitsPerView!.Value, 12);
                Assert.Equal(units / (double)cartAdds, week.UnitsPerCartAdd!.Value, 12);
                double before = Enumerable.Range(1, 4).Sum(k => Sum(Week(week.Week.AddDays(-7 * k))).Units) / 4.0;
                Assert.Equal((units / before) - 1, week.UnitsGrowth4Weeks!.Value, 12);
                long lastYear = Sum(Week(week.Week.AddDays(-364))).Units;
                Assert.Equal((units / (double)lastYear) - 1, week.UnitsGrowthYear!.Value, 12);
                long interest = views + searches + cartAdds + wishlistAdds;
                long interestLastYear = Week(week.Week.AddDays(-364)).Sum(r => (long)r.Views + r.Searches + r.CartAdds + r.WishlistAdds);
                Assert.Equal((interest / (double)interestLastYear) - 1, week.InterestGrowthYear!.Value, 12);
            }
        }
    }

    [Fact]
    public async Task Combinations_filters_and_price_bands_sum_the_matching_rows_only()
    {
        using var temp = await LoadAsync(NewStore());
        var rows = Rows();
        var lastWeek = Monday(Last);

        var byCategoryAndColour = await temp.Store.QueryTrendsAsync(new TrendQuery([TrendDimension.Category, TrendDimension.Color],
            new Dictionary<TrendDimension, string> { [TrendDimension.Region] = "south" }, Weeks: 1));
        var byBand = await temp.Store.QueryTrendsAsync(new TrendQuery([TrendDimension.PriceBand, TrendDimension.Region], Weeks: 1));

        Assert.Equal(4, byCategoryAndColour.Series.Count);
        foreach (var series in byCategoryAndColour.Series)
        {
            var item = Items.Single(i => i.Category == series.Group[TrendDimension.Category] && i.Color == series.Group[TrendDimension.Color]);
            long expected = rows.Where(r => r.Sku == item.Sku && r.Region == "south" && r.Day >= lastWeek).Sum(r => (long)r.Units);
            Assert.Equal(expected, Assert.Single(series.Weeks).Totals.Units);
        }

        // A 30 -> 25-50, B 60 -> 50-100, C 250 -> 200+, D no price -> unpriced; two regions each.
        var bands = byBand.Series.Select(s => (s.Group[TrendDimension.PriceBand], s.Group[TrendDimension.Region])).ToList();
        Assert.Equal([("200+", "north"), ("200+", "south"), ("25-50", "north"), ("25-50", "south"), ("50-100", "north"), ("50-100", "south"), ("unpriced", "north"), ("unpriced", "south")], bands);
        var unpricedNorth = byBand.Series.Single(s => s.Group[TrendDimension.PriceBand] == "unpriced" && s.Group[TrendDimension.Region] == "north");
        Assert.Equal(rows.Where(r => r.Sku == "D" && r.Region == "north" && r.Day >= lastWeek).Sum(r => (long)r.Views), Assert.Single(unpricedNorth.Weeks).Totals.Views);
    }

    [Fact]
    public async Task Growth_is_null_where_the_data_has_no_comparison_week()
    {
        using var temp = await LoadAsync(NewStore());

        var report = await temp.Store.QueryTrendsAsync(new TrendQuery([], Weeks: 30, AsOf: First.AddDays(7 * 30)));

        var total = Assert.Single(report.Series);
        Assert.All(total.Weeks, w => Assert.Null(w.UnitsGrowthYear)); // 31 weeks of history: no year-ago week
        Assert.Null(total.Weeks.Single(w => w.Week == First.AddDays(7 * 3)).UnitsGrowth4Weeks); // only 3 weeks before it
        Assert.NotNull(total.Weeks.Single(w => w.Week == First.AddDays(7 * 29)).UnitsGrowth4Weeks);
        Assert.Empty(total.Forecast);
        Assert.Null(report.ForecastRun);
    }

    [Fact]
    public async Task The_forecast_weeks_are_the_newest_completed_production_run_summed_with_an_independent_spread()
    {
        using var temp = await LoadAsync(NewStore());
        var start = Last.AddDays(1); // a Monday
        double[] means = [.. Enumerable.Range(0, 10).Select(h => 2.0 + h)];
        SeriesForecast Forecast(string sku, string region, double scale) => new(new SeriesKey(sku, region), "Auto", Granularity.Day, start,
            [.. means.Select(m => m * scale)], [0.1, 0.5, 0.9], [.. new[] { 0.5, 1, 1.6 }.SelectMany(q => means.Select(m => m * scale * q))]); // quantiles level by level
        var old = await temp.Store.CreateRunAsync(ForecastRunKind.Production, DateTimeOffset.UnixEpoch, Last, 10, "Auto");
        await temp.Store.WriteForecastsAsync(old.Id, [Forecast("A", "north", 100)], fresh: true);
        await temp.Store.CompleteRunAsync(old.Id, ForecastRunStatus.Completed, 1);
        var run = await temp.Store.CreateRunAsync(ForecastRunKind.Production, DateTimeOffset.UnixEpoch, Last, 10, "Auto");
        await temp.Store.WriteForecastsAsync(run.Id, [Forecast("A", "north", 1), Forecast("A", "south", 2), Forecast("C", "north", 3), Forecast("B", "north", 5)], fresh: true);
        await temp.Store.CompleteRunAsync(run.Id, ForecastRunStatus.Completed, 4);
        var running = await temp.Store.CreateRunAsync(ForecastRunKind.Production, DateTimeOffset.UnixEpoch, Last, 10, "Auto"); // newer, not completed: ignored
        await temp.Store.WriteForecastsAsync(running.Id, [Forecast("A", "north", 1000)], fresh: true);

        var report = await temp.Store.QueryTrendsAsync(new TrendQuery([TrendDimension.Color], Weeks: 1));

        Assert.Equal(run.Id, report.ForecastRun);
        var red = report.Series.Single(s => s.Group[TrendDimension.Color] == "red").Forecast; // A (scales 1 + 2) and C (3)
        Assert.Equal([start, start.AddDays(7)], red.Select(w => w.Week));
        Assert.Equal([7, 3], red.Select(w => w.Days));
        for (int w = 0; w < 2; w++)
        {
            var days = Enumerable.Range(w * 7, w == 0 ? 7 : 3).ToList();
            double mean = days.Sum(h => means[h] * 6);
            // Each row: sigma = (p90 - p10) / (2 x 1.28155) = 1.1 x mean / 2.5631; variances add over rows.
            double variance = days.Sum(h => new[] { 1.0, 2, 3 }.Sum(s => Math.Pow(1.1 * means[h] * s / 2.5631031310892007, 2)));
            Assert.Equal(mean, red[w].Mean, 9);
            Assert.Equal(mean - (1.2815515655446004 * Math.Sqrt(variance)), red[w].P10, 9);
            Assert.Equal(mean + (1.2815515655446004 * Math.Sqrt(variance)), red[w].P90, 9);
        }
    }

    [Fact]
    public async Task An_empty_store_answers_with_no_weeks()
    {
        using var temp = NewStore();

        var report = await temp.Store.QueryTrendsAsync(new TrendQuery([TrendDimension.Color]));
        var emerging = await temp.Store.RankEmergenceAsync(new EmergenceQuery(EmergenceDirection.Emerging));

        Assert.Null(report.LastDay);
        Assert.Empty(report.Series);
        Assert.Null(emerging.Window);
        Assert.Empty(emerging.Items);
    }
}

public sealed class TrendStoreTestsOnSqlite : TrendStoreTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class TrendStoreTestsOnPostgres : TrendStoreTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}

using System.Globalization;
using System.Text;
using Forecasting.Core.Trends;
using Forecasting.Pipeline.Ingest;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Tests.Contract;

/// <summary>
/// The weekly trend rollups (per catalog cell and per one- or two-attribute facet, by region and over all regions) stay
/// equal to sums of the stored daily rows through the ordinary ingest, which adds each batch's delta in its transaction:
/// first loads, identical re-loads, re-loads that correct days, loads of part of a week, order lines, catalog changes,
/// and equal what a rebuild sums. Each level is compared, row for row, with a GROUP BY written here over <c>demand</c>
/// joined to <c>skus</c>; and the trend queries that read each level are compared with LINQ sums.
/// </summary>
public abstract class TrendRollupStoreTests : StoreContractTests
{
    private static readonly DateOnly Monday = new(2025, 3, 3);

    private static readonly string[] Attributes = ["category", "style", "color", "material", "price_band"];

    private const string Sums = "units, returns, views, searches, cart_adds, wishlist_adds";

    private const string Counted = "day_rows, " + Sums;

    private const string Summed = "COUNT(*), SUM(d.units), SUM(d.returns), SUM(d.views), SUM(d.searches), SUM(d.cart_adds), SUM(d.wishlist_adds)";

    /// <summary>The default bands (25, 50, 100, 200), written out by hand.</summary>
    private const string Band = "(CASE WHEN s.price IS NULL THEN 'unpriced' WHEN s.price < 25 THEN '0-25' WHEN s.price < 50 THEN '25-50' " +
        "WHEN s.price < 100 THEN '50-100' WHEN s.price < 200 THEN '100-200' ELSE '200+' END)";

    private const string Catalog = """
        sku,category,style,color,material,price
        A,dresses,casual,red,cotton,30
        B,dresses,party,blue,silk,60
        C,jeans,casual,red,denim,250
        D,jeans,,blue,denim,
        """;

    private static string Demand(IEnumerable<(string Sku, string Region, DateOnly Day, int Units)> rows)
    {
        var text = new StringBuilder("sku,region,date,units,returns,views,searches,cart_adds,wishlist_adds\n");
        foreach (var (sku, region, day, units) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{sku},{region},{day:yyyy-MM-dd},{units},{units % 3},{(units * 7) + 1},{units + 2},{units / 2},{units % 4}\n");
        }

        return text.ToString();
    }

    /// <summary>Every SKU and region on <paramref name="days"/> days from <paramref name="first"/>, units from a formula and <paramref name="shift"/>.</summary>
    private static List<(string Sku, string Region, DateOnly Day, int Units)> Days(DateOnly first, int days, int shift = 0) =>
        [.. from d in Enumerable.Range(0, days)
            from sku in new[] { "A", "B", "C", "D" }
            from region in new[] { "north", "south" }
            select (sku, region, first.AddDays(d), ((d * 5) + sku[0] + (region.Length * 3) + shift) % 17)];

    /// <summary>A missing attribute as the rollups store it (<c>TrendRollupSql.None</c>), in each store's SQL.</summary>
    private static string None(TempStore temp) => temp.Store is Forecasting.Storage.Sqlite.SqliteStore ? "char(31)" : "chr(31)";

    private static void AssertRollupsEqualTheDailyRows(TempStore temp)
    {
        void Same(string stored, string expected, string what)
        {
            Assert.True(temp.Scalar($"SELECT COUNT(*) FROM ({stored}) x") > 0, $"{what}: no rows");
            Assert.True(0 == temp.Scalar($"SELECT COUNT(*) FROM ({stored} EXCEPT {expected}) x"), $"{what}: a stored row the daily rows do not sum to");
            Assert.True(0 == temp.Scalar($"SELECT COUNT(*) FROM ({expected} EXCEPT {stored}) x"), $"{what}: a sum of the daily rows not stored");
        }

        string Expression(string attribute) => attribute == "price_band" ? Band : $"COALESCE(s.{attribute}, {None(temp)})";
        string cells = string.Join(", ", Attributes.Select(Expression));
        Same($"SELECT week, region_id, category, style, color, material, price_band, {Counted} FROM trend_cell_weeks WHERE region_id <> 0",
            $"SELECT d.day - d.day % 7, d.region_id, {cells}, {Summed} FROM demand d JOIN skus s ON s.id = d.sku_id GROUP BY d.day - d.day % 7, d.region_id, {cells}", "cells");
        Same($"SELECT week, category, style, color, material, price_band, {Counted} FROM trend_cell_weeks WHERE region_id = 0",
            $"SELECT d.day - d.day % 7, {cells}, {Summed} FROM demand d JOIN skus s ON s.id = d.sku_id GROUP BY d.day - d.day % 7, {cells}", "cells, all regions");
        var facets = new List<(string Name, string[] Attributes)> { ("total", []) };
        for (int i = 0; i < Attributes.Length; i++)
        {
            for (int j = i; j < Attributes.Length; j++)
            {
                facets.Add(i == j ? (Attributes[i], [Attributes[i]]) : ($"{Attributes[i]},{Attributes[j]}", [Attributes[i], Attributes[j]]));
            }
        }

        foreach (var (facet, attributes) in facets)
        {
            string values = string.Join(", ", attributes.Select(Expression).Concat(Enumerable.Repeat(None(temp), 2 - attributes.Length)));
            string groupBy = string.Concat(attributes.Select(a => ", " + Expression(a)));
            Same($"SELECT week, region_id, v1, v2, {Counted} FROM trend_facet_weeks WHERE facet = '{facet}' AND region_id <> 0",
                $"SELECT d.day - d.day % 7, d.region_id, {values}, {Summed} FROM demand d JOIN skus s ON s.id = d.sku_id GROUP BY d.day - d.day % 7, d.region_id{groupBy}", facet);
            Same($"SELECT week, v1, v2, {Counted} FROM trend_facet_weeks WHERE facet = '{facet}' AND region_id = 0",
                $"SELECT d.day - d.day % 7, {values}, {Summed} FROM demand d JOIN skus s ON s.id = d.sku_id GROUP BY d.day - d.day % 7{groupBy}", facet + ", all regions");
        }

        Assert.Equal(16, facets.Count);
        Assert.Equal(0, temp.Scalar($"SELECT COUNT(*) FROM trend_facet_weeks WHERE facet NOT IN ({string.Join(", ", facets.Select(f => $"'{f.Name}'"))})"));
    }

    /// <summary>Every rollup row, in key order.</summary>
    private static List<string> Rollups(TempStore temp) =>
    [
        .. temp.Rows($"SELECT week, region_id, category, style, color, material, price_band, {Counted} FROM trend_cell_weeks ORDER BY week, region_id, category, style, color, material, price_band"),
        .. temp.Rows($"SELECT facet, week, region_id, v1, v2, {Counted} FROM trend_facet_weeks ORDER BY facet, week, region_id, v1, v2"),
    ];

    private static async Task<TempStore> LoadAsync(TempStore temp)
    {
        await temp.SeedReferenceAsync();
        await temp.Load(IngestKind.Catalog, Catalog, "catalog.csv");
        Assert.Empty((await temp.Load(IngestKind.Demand, Demand(Days(Monday, 21)), "three-weeks.csv")).FirstRejects);
        return temp;
    }

    [Fact]
    public async Task After_first_load_identical_reload_partial_change_and_catalog_change_the_rollups_equal_a_rebuild_from_the_daily_rows()
    {
        using var temp = await LoadAsync(NewStore());
        AssertRollupsEqualTheDailyRows(temp);
        var afterFirst = Rollups(temp);

        var same = await temp.Load(IngestKind.Demand, Demand(Days(Monday, 21)), "three-weeks-again.csv", new IngestOptions { BatchSize = 7 });
        Assert.Equal(0, same.Counts.Accepted);
        Assert.Equal(afterFirst, Rollups(temp));

        // Every fifth row of the middle week changed, in small batches (each its own transaction and delta).
        var partial = Days(Monday, 21).Where(r => r.Day >= Monday.AddDays(7) && r.Day < Monday.AddDays(14)).Select((r, i) => i % 5 == 0 ? r with { Units = r.Units + 3 } : r).ToList();
        var changed = await temp.Load(IngestKind.Demand, Demand(partial), "partial.csv", new IngestOptions { BatchSize = 9 });
        Assert.Equal((partial.Count + 4) / 5, changed.Counts.Accepted);
        AssertRollupsEqualTheDailyRows(temp);

        var recolour = await temp.Load(IngestKind.Catalog, "sku,category,style,color,material,price\nA,dresses,casual,green,cotton,30\nD,jeans,party,blue,denim,80\n", "recolour.csv");
        Assert.Equal(2, recolour.Counts.Accepted);
        AssertRollupsEqualTheDailyRows(temp);

        var maintained = Rollups(temp);
        await temp.Store.RebuildTrendRollupsAsync();
        Assert.Equal(maintained, Rollups(temp));
    }

    [Fact]
    public async Task A_reload_correcting_days_in_the_middle_of_a_week_replaces_their_old_values_in_every_level()
    {
        using var temp = await LoadAsync(NewStore());
        long before = temp.Scalar("SELECT SUM(units) FROM trend_facet_weeks WHERE facet = 'color' AND region_id = 0");

        var report = await temp.Load(IngestKind.Demand, Demand(Days(Monday.AddDays(9), 3, shift: 5)), "corrections.csv"); // Wed-Fri of week 2

        Assert.True(report.Counts.Accepted > 0);
        AssertRollupsEqualTheDailyRows(temp);
        Assert.NotEqual(before, temp.Scalar("SELECT SUM(units) FROM trend_facet_weeks WHERE facet = 'color' AND region_id = 0"));
        Assert.Equal(temp.Scalar("SELECT SUM(units) FROM demand"), temp.Scalar("SELECT SUM(units) FROM trend_facet_weeks WHERE facet = 'color' AND region_id = 0"));
    }

    [Fact]
    public async Task Loads_of_part_of_a_week_add_up_to_the_whole_week()
    {
        using var temp = await LoadAsync(NewStore());
        var week4 = Monday.AddDays(21);

        await temp.Load(IngestKind.Demand, Demand(Days(week4, 3)), "mon-wed.csv");
        AssertRollupsEqualTheDailyRows(temp);
        await temp.Load(IngestKind.Demand, Demand(Days(week4.AddDays(3), 4)), "thu-sun.csv");

        AssertRollupsEqualTheDailyRows(temp);
        var whole = Days(week4, 3).Concat(Days(week4.AddDays(3), 4)).Where(r => r.Sku == "A" && r.Region == "north").Sum(r => (long)r.Units);
        Assert.Equal(whole, temp.Scalar($"SELECT units FROM trend_cell_weeks t JOIN regions r ON r.id = t.region_id WHERE t.week = {week4.DayNumber} AND t.color = 'red' AND t.category = 'dresses' AND r.region = 'north'"));
        Assert.Equal(7, temp.Scalar($"SELECT day_rows FROM trend_cell_weeks t JOIN regions r ON r.id = t.region_id WHERE t.week = {week4.DayNumber} AND t.color = 'red' AND t.category = 'dresses' AND r.region = 'north'"));
    }

    [Fact]
    public async Task Order_lines_add_the_change_of_the_days_they_sum_into()
    {
        using var temp = await LoadAsync(NewStore());
        string Orders(int quantity) => $"order_id,sku,region,timestamp,quantity\no1,A,north,{Monday.AddDays(30):yyyy-MM-dd}T10:00:00Z,{quantity}\no2,B,south,{Monday.AddDays(31):yyyy-MM-dd}T11:00:00Z,2\n";

        var report = await temp.Load(IngestKind.OrderLines, Orders(3), "orders.csv");
        Assert.Empty(report.FirstRejects);
        AssertRollupsEqualTheDailyRows(temp);
        Assert.Equal(5, temp.Scalar($"SELECT units FROM trend_facet_weeks WHERE facet = 'total' AND region_id = 0 AND week = {Monday.AddDays(28).DayNumber}"));

        await temp.Load(IngestKind.OrderLines, Orders(7), "orders-corrected.csv");
        AssertRollupsEqualTheDailyRows(temp);
        Assert.Equal(9, temp.Scalar($"SELECT units FROM trend_facet_weeks WHERE facet = 'total' AND region_id = 0 AND week = {Monday.AddDays(28).DayNumber}"));
    }

    [Fact]
    public async Task A_catalog_change_moves_the_demand_of_an_item_to_its_new_attribute_values()
    {
        using var temp = await LoadAsync(NewStore());
        long redBefore = temp.Scalar("SELECT SUM(units) FROM trend_facet_weeks WHERE facet = 'color' AND region_id = 0 AND v1 = 'red'");
        long cells = temp.Scalar("SELECT COUNT(*) FROM trend_cell_weeks");

        await temp.Load(IngestKind.Catalog, "sku,category,style,color,material,price\nA,dresses,casual,green,cotton,30\n", "recolour.csv");

        AssertRollupsEqualTheDailyRows(temp);
        long aUnits = temp.Scalar("SELECT SUM(units) FROM demand d JOIN skus s ON s.id = d.sku_id WHERE s.sku = 'A'");
        Assert.Equal(redBefore - aUnits, temp.Scalar("SELECT SUM(units) FROM trend_facet_weeks WHERE facet = 'color' AND region_id = 0 AND v1 = 'red'"));
        Assert.Equal(aUnits, temp.Scalar("SELECT SUM(units) FROM trend_facet_weeks WHERE facet = 'color' AND region_id = 0 AND v1 = 'green'"));
        Assert.Equal(cells, temp.Scalar("SELECT COUNT(*) FROM trend_cell_weeks")); // A's old cell rows went (A was alone in it), its new ones came
    }

    [Fact]
    public async Task Demand_of_items_without_catalog_attributes_is_summed_apart_from_empty_values_and_moves_when_the_catalog_arrives()
    {
        using var temp = await LoadAsync(NewStore());
        var auto = new IngestOptions { AutoRegister = true };

        Assert.Empty((await temp.Load(IngestKind.Demand, "sku,region,date,units\nZ,north,2025-03-04,4\nZ,south,2025-03-11,6\n", "unknown-item.csv", auto)).FirstRejects);
        AssertRollupsEqualTheDailyRows(temp);
        var byStyle = await temp.Store.QueryTrendsAsync(new TrendQuery([TrendDimension.Style], Weeks: 3, AsOf: Monday.AddDays(20)));
        Assert.Equal([null, "", "casual", "party"], byStyle.Series.Select(s => s.Group[TrendDimension.Style]));
        Assert.Equal(6, byStyle.Series[0].Weeks.Single(w => w.Week == Monday.AddDays(7)).Totals.Units);

        await temp.Load(IngestKind.Catalog, "sku,category,style,color,material,price\nZ,coats,classic,black,wool,180\n", "z.csv");
        AssertRollupsEqualTheDailyRows(temp);
        var byCategory = await temp.Store.QueryTrendsAsync(new TrendQuery([TrendDimension.Category], Weeks: 3, AsOf: Monday.AddDays(20)));
        Assert.Equal(10, byCategory.Series.Single(s => s.Group[TrendDimension.Category] == "coats").Weeks.Sum(w => w.Totals.Units));
    }

    [Fact]
    public async Task A_catalog_load_that_changes_no_cell_of_an_item_with_demand_leaves_the_rollups_alone()
    {
        using var temp = await LoadAsync(NewStore());
        var before = Rollups(temp);

        var report = await temp.Load(IngestKind.Catalog, "sku,category,style,color,material,price,unit_cost\nA,dresses,casual,red,cotton,31,11\nE,coats,classic,black,wool,180,\n", "costs-and-a-new-item.csv");

        Assert.Equal(2, report.Counts.Accepted); // A's price moved within its band, E is new
        Assert.Equal(before, Rollups(temp));
    }

    [Fact]
    public async Task A_rebuild_changes_nothing_and_repairs_rollups_changed_behind_the_ingests_back()
    {
        using var temp = await LoadAsync(NewStore());
        var rows = Rollups(temp);

        await temp.Store.RebuildTrendRollupsAsync();
        Assert.Equal(rows, Rollups(temp));

        temp.Scalar("UPDATE trend_cell_weeks SET units = units + 1 RETURNING 1");
        temp.Scalar("DELETE FROM trend_facet_weeks WHERE facet = 'color' RETURNING 1");
        Assert.NotEqual(rows, Rollups(temp));
        await temp.Store.RebuildTrendRollupsAsync();
        Assert.Equal(rows, Rollups(temp));
    }

    [Fact]
    public async Task Queries_reading_the_facets_the_cells_and_the_daily_rows_sum_the_matching_daily_rows()
    {
        using var temp = await LoadAsync(NewStore());
        await temp.Load(IngestKind.Demand, Demand(Days(Monday.AddDays(8), 2, shift: 3)), "corrections.csv");
        var rows = Days(Monday, 21).Where(r => r.Day < Monday.AddDays(8) || r.Day >= Monday.AddDays(10))
            .Concat(Days(Monday.AddDays(8), 2, shift: 3)).ToList();
        var items = Catalog.Split('\n').Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
        var week2 = Monday.AddDays(7);
        long Units(Func<string[], bool> item, string? region = null) =>
            rows.Where(r => item(items[r.Sku]) && (region is null || r.Region == region) && r.Day >= week2 && r.Day < week2.AddDays(7)).Sum(r => (long)r.Units);

        // Two attributes with a region filter: a facet. Three attributes: the cells, over all regions and by region. Other band edges: the daily rows.
        var facet = await temp.Store.QueryTrendsAsync(new TrendQuery([TrendDimension.Color], new Dictionary<TrendDimension, string> { [TrendDimension.Category] = "jeans", [TrendDimension.Region] = "south" }, Weeks: 2, AsOf: Monday.AddDays(13)));
        var pairByRegion = await temp.Store.QueryTrendsAsync(new TrendQuery([TrendDimension.Category, TrendDimension.Color, TrendDimension.Region], Weeks: 2, AsOf: Monday.AddDays(13)));
        var cells = await temp.Store.QueryTrendsAsync(new TrendQuery([TrendDimension.Category, TrendDimension.Color, TrendDimension.Material], Weeks: 2, AsOf: Monday.AddDays(13)));
        var cellsByRegion = await temp.Store.QueryTrendsAsync(new TrendQuery([TrendDimension.Category, TrendDimension.Color, TrendDimension.Material],
            new Dictionary<TrendDimension, string> { [TrendDimension.Region] = "north" }, Weeks: 2, AsOf: Monday.AddDays(13)));
        var bands = await temp.Store.QueryTrendsAsync(new TrendQuery([TrendDimension.PriceBand], Weeks: 2, AsOf: Monday.AddDays(13), PriceBands: PriceBands.Parse("40,100")));

        Assert.Equal(Units(i => i[1] == "jeans" && i[3] == "blue", "south"), facet.Series.Single(s => s.Group[TrendDimension.Color] == "blue").Weeks.Single(w => w.Week == week2).Totals.Units);
        Assert.Equal(Units(i => i[1] == "jeans" && i[3] == "red", "north"), pairByRegion.Series
            .Single(s => s.Group[TrendDimension.Category] == "jeans" && s.Group[TrendDimension.Color] == "red" && s.Group[TrendDimension.Region] == "north").Weeks.Single(w => w.Week == week2).Totals.Units);
        Assert.Equal(8, pairByRegion.Series.Count);
        Assert.Equal(4, cells.Series.Count);
        Assert.Equal(Units(i => i[1] == "dresses" && i[3] == "blue" && i[4] == "silk"),
            cells.Series.Single(s => s.Group[TrendDimension.Color] == "blue" && s.Group[TrendDimension.Category] == "dresses").Weeks.Single(w => w.Week == week2).Totals.Units);
        Assert.Equal(Units(i => i[1] == "jeans" && i[3] == "blue" && i[4] == "denim", "north"),
            cellsByRegion.Series.Single(s => s.Group[TrendDimension.Color] == "blue" && s.Group[TrendDimension.Category] == "jeans").Weeks.Single(w => w.Week == week2).Totals.Units);
        Assert.Equal(["0-40", "100+", "40-100", "unpriced"], bands.Series.Select(s => s.Group[TrendDimension.PriceBand]));
        Assert.Equal(Units(i => i[0] is "B"), bands.Series.Single(s => s.Group[TrendDimension.PriceBand] == "40-100").Weeks.Single(w => w.Week == week2).Totals.Units);
    }
}

public sealed class TrendRollupStoreTestsOnSqlite : TrendRollupStoreTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class TrendRollupStoreTestsOnPostgres : TrendRollupStoreTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}

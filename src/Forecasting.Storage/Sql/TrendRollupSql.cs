using System.Globalization;
using Forecasting.Core.Trends;

namespace Forecasting.Storage.Sql;

/// <summary>
/// The weekly trend rollups the trend queries read instead of the daily demand rows, written once for both stores.
/// Every row holds the sums of the daily rows it stands for and how many there are (<c>day_rows</c>), so a rollup is
/// exactly what a GROUP BY over <c>demand</c> joined to <c>skus</c> gives (<see cref="Rebuild"/>), and the ingest keeps
/// it so by adding deltas (<see cref="TrendDelta"/>) in the transaction of each batch:
/// <list type="number">
/// <item><c>trend_cell_weeks</c>: per week x region x catalog cell (category, style, colour, material, default price
/// band), and the same summed over all regions (<c>region_id</c> <see cref="AllRegions"/>): any combination of
/// attributes.</item>
/// <item><c>trend_facet_weeks</c>: per facet (the total, one or two attributes, e.g. <c>category,color</c>) x week x
/// region x values, and over all regions: one row per group that a query grouped or filtered by at most two
/// attributes shows.</item>
/// </list>
/// Attribute columns are NOT NULL so that they can be part of the keys the deltas are added to; an item without an
/// attribute is stored as <see cref="None"/> (a catalog's empty value stays the empty string, as in <c>skus</c>).
/// Weeks are Mondays as day numbers (<c>day - day % 7</c>, <see cref="IsoWeeks"/>).
/// </summary>
internal static class TrendRollupSql
{
    /// <summary>The stored value of a missing attribute (unit separator: no catalog text holds it, PostgreSQL text can).</summary>
    public const string None = "\u001F";

    public const string Sums = "units, returns, views, searches, cart_adds, wishlist_adds";

    /// <summary>The counted columns of a rollup row, in the order <see cref="TrendDelta"/> keeps them.</summary>
    public const string Counted = "day_rows, " + Sums;

    /// <summary>The catalog attributes in the order facets and cells name them (never the region: every row keeps region_id).</summary>
    public static IReadOnlyList<TrendDimension> Attributes { get; } =
        [TrendDimension.Category, TrendDimension.Style, TrendDimension.Color, TrendDimension.Material, TrendDimension.PriceBand];

    /// <summary>The index of a catalog attribute in <see cref="Attributes"/>.</summary>
    public static int AttributeIndex(TrendDimension attribute)
    {
        for (int i = 0; i < Attributes.Count; i++)
        {
            if (Attributes[i] == attribute)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "not a catalog attribute");
    }

    /// <summary>The <c>region_id</c> of a row summed over all regions (store ids start at 1).</summary>
    public const int AllRegions = 0;

    /// <summary>Every facet: the total (no attribute), each attribute alone and each pair, in <see cref="Attributes"/> order.</summary>
    public static IReadOnlyList<IReadOnlyList<TrendDimension>> Facets { get; } =
    [
        [],
        .. Attributes.Select(a => (IReadOnlyList<TrendDimension>)[a]),
        .. Attributes.SelectMany((a, i) => Attributes.Skip(i + 1).Select(b => (IReadOnlyList<TrendDimension>)[a, b])),
    ];

    /// <summary>The facets' names (<c>total</c>, <c>color</c>, <c>category,color</c>), by facet index.</summary>
    public static IReadOnlyList<string> FacetNames { get; } = [.. Facets.Select(f => f.Count == 0 ? "total" : string.Join(",", f.Select(d => d.Name())))];

    /// <summary>The column of an attribute in <c>trend_cell_weeks</c>.</summary>
    public static string CellColumn(TrendDimension attribute) => attribute == TrendDimension.PriceBand ? "price_band" : attribute.Name();

    private static readonly string CellColumns = string.Join(", ", Attributes.Select(CellColumn));

    public const string CellKey = "week, region_id, category, style, color, material, price_band";

    public const string FacetKey = "facet, week, region_id, v1, v2";

    /// <summary>The tables (one migration for both stores: <paramref name="integer"/> is the sums' type,
    /// <paramref name="clustered"/> what makes a table stored in its key's order).</summary>
    public static string Tables(string integer, string clustered) => $"""
        CREATE TABLE trend_cell_weeks (
            week integer NOT NULL, region_id integer NOT NULL,
            category text NOT NULL, style text NOT NULL, color text NOT NULL, material text NOT NULL, price_band text NOT NULL,
            day_rows {integer} NOT NULL, units {integer} NOT NULL, returns {integer} NOT NULL, views {integer} NOT NULL,
            searches {integer} NOT NULL, cart_adds {integer} NOT NULL, wishlist_adds {integer} NOT NULL,
            PRIMARY KEY ({CellKey})){clustered};
        CREATE TABLE trend_facet_weeks (
            facet text NOT NULL, week integer NOT NULL, region_id integer NOT NULL, v1 text NOT NULL, v2 text NOT NULL,
            day_rows {integer} NOT NULL, units {integer} NOT NULL, returns {integer} NOT NULL, views {integer} NOT NULL,
            searches {integer} NOT NULL, cart_adds {integer} NOT NULL, wishlist_adds {integer} NOT NULL,
            PRIMARY KEY ({FacetKey})){clustered};
        -- catalog_version: bumped by every catalog batch, so a writer knows when its SKU -> cell map is stale; a demand
        -- batch shares this row's lock and a catalog batch takes it alone (PostgreSQL), so no batch adds a SKU's demand to
        -- the cell it is being moved out of.
        CREATE TABLE trend_state (id integer PRIMARY KEY, catalog_version {integer} NOT NULL);
        INSERT INTO trend_state (id, catalog_version) VALUES (1, 0);
        """;

    /// <summary>Statements that delete every rollup row and sum them again from every stored day (migration, <c>trends
    /// rebuild</c>); <paramref name="none"/> is the SQL of <see cref="None"/> (<c>char(31)</c>, <c>chr(31)</c>).</summary>
    public static string Rebuild(string none)
    {
        string Attribute(TrendDimension d) => d == TrendDimension.PriceBand ? PriceBandSql("s.price", PriceBands.Default) : $"COALESCE(s.{CellColumn(d)}, {none})";
        string cells = string.Join(", ", Attributes.Select(Attribute));
        return $"""
            DELETE FROM trend_cell_weeks;
            DELETE FROM trend_facet_weeks;
            INSERT INTO trend_cell_weeks ({CellKey}, {Counted})
            SELECT d.day - d.day % 7, d.region_id, {cells}, COUNT(*), {Summed("d")}
            FROM demand d JOIN skus s ON s.id = d.sku_id
            GROUP BY d.day - d.day % 7, d.region_id, {cells};
            {FromRegionCells(none, "")}
            """;
    }

    /// <summary>Statements that sum the cells of each region (<paramref name="where"/>: of some weeks) into cells over all
    /// regions and into every facet.</summary>
    public static string FromRegionCells(string none, string where) => $"""
        INSERT INTO trend_cell_weeks ({CellKey}, {Counted})
        SELECT week, {AllRegions}, {CellColumns}, SUM(day_rows), {Summed(null)}
        FROM trend_cell_weeks{where} GROUP BY week, {CellColumns};
        {string.Join("\n", Facets.Select((f, i) => FacetInsert(i, none, where)))}
        """;

    private static string FacetInsert(int facet, string none, string where)
    {
        var attributes = Facets[facet];
        string v1 = attributes.Count > 0 ? CellColumn(attributes[0]) : none;
        string v2 = attributes.Count > 1 ? CellColumn(attributes[1]) : none;
        string groupBy = string.Concat(attributes.Select(d => ", " + CellColumn(d)));
        return $"""
            INSERT INTO trend_facet_weeks ({FacetKey}, {Counted})
            SELECT '{FacetNames[facet]}', week, region_id, {v1}, {v2}, SUM(day_rows), {Summed(null)}
            FROM trend_cell_weeks{where} GROUP BY week, region_id{groupBy};
            """;
    }

    /// <summary>Adds one cell delta (parameters in <see cref="CellKey"/> then <see cref="Counted"/> order, 14 in all).</summary>
    public static string AddCell(string values) => $"""
        INSERT INTO trend_cell_weeks ({CellKey}, {Counted}) {values}
        ON CONFLICT ({CellKey}) DO UPDATE SET {Added("trend_cell_weeks")}
        """;

    /// <summary>Adds one facet delta (parameters in <see cref="FacetKey"/> then <see cref="Counted"/> order, 12 in all).</summary>
    public static string AddFacet(string values) => $"""
        INSERT INTO trend_facet_weeks ({FacetKey}, {Counted}) {values}
        ON CONFLICT ({FacetKey}) DO UPDATE SET {Added("trend_facet_weeks")}
        """;

    /// <summary>A cell row left standing for no daily row (a SKU moved to another cell took its rows with it).</summary>
    public const string DeleteEmptyCell = "DELETE FROM trend_cell_weeks WHERE week = @Week AND region_id = @Region AND category = @Category AND style = @Style " +
        "AND color = @Color AND material = @Material AND price_band = @PriceBand AND day_rows = 0";

    /// <summary>A facet row left standing for no daily row.</summary>
    public const string DeleteEmptyFacet = "DELETE FROM trend_facet_weeks WHERE facet = @Facet AND week = @Week AND region_id = @Region AND v1 = @V1 AND v2 = @V2 AND day_rows = 0";

    /// <summary>The weekly sums of the stored demand of some SKUs (ids, written into the SQL: integers), by region.</summary>
    public static string SkuWeeks(IEnumerable<int> skuIds) => $"""
        SELECT sku_id, region_id, day - day % 7 AS week, COUNT(*), SUM(units), SUM(returns), SUM(views), SUM(searches), SUM(cart_adds), SUM(wishlist_adds)
        FROM demand WHERE sku_id IN ({string.Join(", ", skuIds.Select(id => id.ToString(CultureInfo.InvariantCulture)))})
        GROUP BY sku_id, region_id, day - day % 7
        """;

    /// <summary>Every SKU's cell attributes (the SKU -> cell map, <see cref="TrendCellMap"/>), in id order so that a map read
    /// again numbers the cells it had the same way.</summary>
    public const string SkuAttributes = "SELECT id, category, style, color, material, price FROM skus ORDER BY id";

    private static string Added(string table) =>
        string.Join(", ", Counted.Split(", ").Select(c => $"{c} = {table}.{c} + excluded.{c}"));

    /// <summary>The band of a price column as SQL, the same names as <see cref="PriceBands.Of"/>.</summary>
    public static string PriceBandSql(string price, PriceBands bands)
    {
        var cases = bands.Edges.Select((edge, i) => $" WHEN {price} < {edge.ToString(CultureInfo.InvariantCulture)} THEN '{bands.Name(i)}'");
        return $"(CASE WHEN {price} IS NULL THEN '{PriceBands.Unpriced}'{string.Concat(cases)} ELSE '{bands.Name(bands.Edges.Count)}' END)";
    }

    private static string Summed(string? alias)
    {
        string p = alias is null ? "" : alias + ".";
        return string.Join(", ", Sums.Split(", ").Select(c => $"SUM({p}{c})"));
    }
}

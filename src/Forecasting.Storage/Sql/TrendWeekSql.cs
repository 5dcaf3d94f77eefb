using System.Globalization;
using Forecasting.Core.Trends;

namespace Forecasting.Storage.Sql;

/// <summary>
/// The weekly rollups the trend queries read instead of the daily demand rows, written once for both stores (portable
/// SQL: integer week arithmetic, GROUP BY, no upsert). Three levels, each summed from the one before, for the weeks
/// <c>@from</c>..<c>@to</c> (Mondays, day numbers; <see cref="IsoWeeks"/>):
/// <list type="number">
/// <item><c>trend_weeks</c>: per week x SKU x region (the daily rows / 7; the source of the levels below and of
/// queries with price band edges other than the default).</item>
/// <item><c>trend_cell_weeks</c>: per week x region x catalog cell (category, style, colour, material, default price
/// band): any combination of attributes.</item>
/// <item><c>trend_facet_weeks</c>: per facet (the total, one or two attributes, e.g. <c>category,color</c>) x week x
/// region x values, and the same summed over all regions (<c>region_id</c> <see cref="AllRegions"/>): one row per group
/// a query grouped or filtered by at most two attributes shows (a few thousand rows a week).</item>
/// </list>
/// A refresh deletes the weeks and sums them again, so it is idempotent and a corrected day replaces its old values.
/// </summary>
internal static class TrendWeekSql
{
    public const string Sums = "units, returns, views, searches, cart_adds, wishlist_adds";

    /// <summary>The catalog attributes in the order facets name them (never the region: every level keeps region_id).</summary>
    public static IReadOnlyList<TrendDimension> Attributes { get; } =
        [TrendDimension.Category, TrendDimension.Style, TrendDimension.Color, TrendDimension.Material, TrendDimension.PriceBand];

    /// <summary>The <c>region_id</c> of a facet row summed over all regions (store ids start at 1).</summary>
    public const int AllRegions = 0;

    /// <summary>Every facet: the total (no attribute), each attribute alone and each pair, in <see cref="Attributes"/> order.</summary>
    public static IReadOnlyList<IReadOnlyList<TrendDimension>> Facets { get; } =
    [
        [],
        .. Attributes.Select(a => (IReadOnlyList<TrendDimension>)[a]),
        .. Attributes.SelectMany((a, i) => Attributes.Skip(i + 1).Select(b => (IReadOnlyList<TrendDimension>)[a, b])),
    ];

    public static string Name(IReadOnlyList<TrendDimension> facet) => facet.Count == 0 ? "total" : string.Join(",", facet.Select(d => d.Name()));

    /// <summary>The facet names as an SQL list (the deletes use the index's leading column).</summary>
    private static string FacetList => string.Join(", ", Facets.Select(f => $"'{Name(f)}'"));

    /// <summary>The column of an attribute in <c>trend_cell_weeks</c>.</summary>
    public static string CellColumn(TrendDimension attribute) => attribute == TrendDimension.PriceBand ? "price_band" : attribute.Name();

    /// <summary>Statements that sum the daily demand of the weeks into all three levels (<paramref name="bounded"/>:
    /// only <c>@from</c>..<c>@to</c>, else every week, as on migration).</summary>
    public static string FromDemand(bool bounded) => $"""
        DELETE FROM trend_weeks{Range(bounded, "week")};
        INSERT INTO trend_weeks (week, sku_id, region_id, {Sums})
        SELECT day - day % 7, sku_id, region_id, SUM(units), SUM(returns), SUM(views), SUM(searches), SUM(cart_adds), SUM(wishlist_adds)
        FROM demand{(bounded ? " WHERE day BETWEEN @from AND @to + 6" : "")}
        GROUP BY day - day % 7, sku_id, region_id;
        INSERT INTO trend_skus (sku_id, {Catalog})
        SELECT s.id, {string.Join(", ", Catalog.Split(", ").Select(c => "s." + c))} FROM skus s
        WHERE s.id IN (SELECT sku_id FROM trend_weeks{Range(bounded, "week")})
        ON CONFLICT (sku_id) DO NOTHING;
        {FromSkuWeeks(bounded)}
        """;

    /// <summary>The catalog columns a SKU's rollup rows depend on.</summary>
    private const string Catalog = "category, style, color, material, price";

    /// <summary>How many SKUs with summed demand have other catalog attributes now than they were summed with.</summary>
    public static string ChangedSkus => $"SELECT COUNT(*) FROM trend_skus t JOIN skus s ON s.id = t.sku_id WHERE {string.Join(" OR ", Catalog.Split(", ").Select(Differs))}";

    /// <summary>After the cells and facets were summed with the SKUs' current attributes: what they were summed with.</summary>
    public static string CatalogSummed => $"""
        UPDATE trend_skus SET {string.Join(", ", Catalog.Split(", ").Select(c => $"{c} = s.{c}"))}
        FROM skus s WHERE s.id = trend_skus.sku_id AND ({string.Join(" OR ", Catalog.Split(", ").Select(c => Differs(c).Replace("t.", "trend_skus.", StringComparison.Ordinal)))});
        """;

    private static string Differs(string column) => column == "price"
        ? "COALESCE(t.price, -1) <> COALESCE(s.price, -1)"
        : $"COALESCE(t.{column}, '') <> COALESCE(s.{column}, '')";

    /// <summary>Statements that sum <c>trend_weeks</c> into the cells and the facets (after a catalog change: the SKUs'
    /// attributes decide their cells).</summary>
    public static string FromSkuWeeks(bool bounded)
    {
        string cells = string.Join(", ", Attributes.Select(CellColumn));
        string band = PriceBandSql("s.price", PriceBands.Default);
        return $"""
            DELETE FROM trend_cell_weeks{Range(bounded, "week")};
            INSERT INTO trend_cell_weeks (week, region_id, {cells}, {Sums})
            SELECT t.week, t.region_id, s.category, s.style, s.color, s.material, {band}, {Summed("t")}
            FROM trend_weeks t JOIN skus s ON s.id = t.sku_id{(bounded ? " WHERE t.week BETWEEN @from AND @to" : "")}
            GROUP BY t.week, t.region_id, s.category, s.style, s.color, s.material, {band};
            DELETE FROM trend_facet_weeks WHERE facet IN ({FacetList}){(bounded ? " AND week BETWEEN @from AND @to" : "")};
            {string.Join("\n", Facets.Select(f => FacetInsert(f, bounded)))}
            INSERT INTO trend_facet_weeks (facet, week, region_id, v1, v2, {Sums})
            SELECT facet, week, {AllRegions}, v1, v2, {Summed(null)}
            FROM trend_facet_weeks WHERE facet IN ({FacetList}){(bounded ? " AND week BETWEEN @from AND @to" : "")}
            GROUP BY facet, week, v1, v2;
            """;
    }

    private static string FacetInsert(IReadOnlyList<TrendDimension> facet, bool bounded)
    {
        string v1 = facet.Count > 0 ? CellColumn(facet[0]) : "NULL";
        string v2 = facet.Count > 1 ? CellColumn(facet[1]) : "NULL";
        string groupBy = string.Concat(facet.Select(d => ", " + CellColumn(d)));
        return $"""
            INSERT INTO trend_facet_weeks (facet, week, region_id, v1, v2, {Sums})
            SELECT '{Name(facet)}', week, region_id, {v1}, {v2}, {Summed(null)}
            FROM trend_cell_weeks{Range(bounded, "week")}
            GROUP BY week, region_id{groupBy};
            """;
    }

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

    private static string Range(bool bounded, string column) => bounded ? $" WHERE {column} BETWEEN @from AND @to" : "";
}

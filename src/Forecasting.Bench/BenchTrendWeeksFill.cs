using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Forecasting.Core.Synthetic;
using Forecasting.Core.Trends;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Sql;
using Spectre.Console;

namespace Forecasting.Bench;

/// <summary>
/// <c>forecasting-bench trends --synthetic-weeks</c>: the trend rollups at a size no daily load here can reach (the
/// issue's 100,000 SKUs x 20 regions x 2 years is ~1.4 billion daily rows). The generator's catalog and the regions are
/// inserted in SQL; the last week's catalog cells of every region are summed in SQL from one pseudo-random week per SKU x
/// region (every SKU sells in every region every week: the most rows a week can have), summed into cells over all regions
/// and into the facets by the store's own statements (<see cref="TrendRollupSql.FromRegionCells"/>, timed), and the three
/// are copied to the other weeks with their numbers multiplied by 1-3 (so the levels still add up): the facets to every
/// week, the cells only to the 28 weeks a 12-week query reads (16 and the 12 a year before). The daily table gets
/// two rows only, on the first and the last day, so the queries know the history's span; the emerging rankings (daily
/// rows) and the queries with other price band edges (daily rows) are not measured here.
/// </summary>
internal static class BenchTrendWeeksFill
{
    /// <summary>The weeks a 12-week query reads before its year-ago weeks: the 12 and the 4 before them.</summary>
    private const int QueriedWeeks = 16;

    public static async Task FillAsync(IAnsiConsole console, IForecastingStore store, string target, int skus, int regions, int days, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var catalog = SyntheticPlatform.Create(new GeneratorOptions { Skus = skus, Regions = 4, Days = 28, Seed = 1 }).Catalog; // demand is drawn lazily: only the catalog is made
        var last = new DateOnly(2025, 12, 28); // a Sunday
        var first = IsoWeeks.Monday(last.AddDays(1 - days));
        int weeks = ((last.DayNumber - first.DayNumber) / 7) + 1;
        bool postgres = StoreFactory.IsPostgres(target);
        await using var connection = postgres ? (DbConnection)new Npgsql.NpgsqlConnection(StoreFactory.ToConnectionString(target)) : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={target}");
        await connection.OpenAsync(cancellationToken);
        if (!postgres)
        {
            await ExecuteAsync(connection, "PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000", cancellationToken); // a bench fill: a crash loses only it
        }

        // The catalog in SQL, many rows a statement (the ingest writes catalog rows one by one: 15 minutes for 100,000
        // on PostgreSQL here); the ingest's catalog path is not what is measured.
        static string Text(string? value) => value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        foreach (var chunk in catalog.Chunk(5_000))
        {
            await ExecuteAsync(connection, "INSERT INTO skus (sku, category, style, color, material, price, auto_registered) VALUES " + string.Join(", ", chunk.Select(item =>
                $"({Text(item.Sku)}, {Text(item.Category)}, {Text(item.Style)}, {Text(item.Color)}, {Text(item.Material)}, {(item.Price is { } price ? price.ToString(CultureInfo.InvariantCulture) : "NULL")}, 0)")), cancellationToken);
        }

        string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
        string regionRows = string.Join(", ", Enumerable.Range(1, regions).Select(r => $"('R{r:00}', 'Region {r}', 'XX', 0)"));
        await ExecuteAsync(connection, $"""
            INSERT INTO regions (region, name, country, auto_registered) VALUES {regionRows};
            INSERT INTO demand (sku_id, region_id, day, units, returns, views, searches, cart_adds, wishlist_adds, load_id, line)
            SELECT MIN(s.id), MIN(r.id), {Int(first.DayNumber)}, 1, 0, 5, 1, 1, 0, 0, 0 FROM skus s, regions r UNION ALL
            SELECT MIN(s.id), MIN(r.id), {Int(last.DayNumber)}, 1, 0, 5, 1, 1, 0, 0, 0 FROM skus s, regions r;
            """, cancellationToken);
        console.MarkupLineInterpolated($"catalog and regions in {clock.Elapsed.TotalSeconds:F0} s");
        clock.Restart();
        // One week of cells by region, summed from a pseudo-random week of every SKU x region (units 0-22 a week).
        string none = postgres ? "chr(31)" : "char(31)";
        string lastWeek = Int(last.AddDays(-6).DayNumber);
        string cells = $"COALESCE(s.category, {none}), COALESCE(s.style, {none}), COALESCE(s.color, {none}), COALESCE(s.material, {none}), {TrendRollupSql.PriceBandSql("s.price", PriceBands.Default)}";
        string sums = "SUM((s.id * 7 + r.id * 13) % 23), SUM(s.id % 5), SUM(((s.id * 7 + r.id * 13) % 23) * 30 + (s.id + r.id) % 41), SUM((s.id * 3) % 29), SUM((s.id + r.id * 5) % 31), SUM(s.id % 11)";
        await ExecuteAsync(connection, $"""
            INSERT INTO trend_cell_weeks ({TrendRollupSql.CellKey}, {TrendRollupSql.Counted})
            SELECT {lastWeek}, r.id, {cells}, 7 * COUNT(*), {sums} FROM skus s CROSS JOIN regions r GROUP BY r.id, {cells};
            """, cancellationToken);
        console.MarkupLineInterpolated($"{(long)skus * regions:N0} SKU x region weeks summed into the last week's cells in {clock.Elapsed.TotalSeconds:F0} s");
        clock.Restart();
        await ExecuteAsync(connection, TrendRollupSql.FromRegionCells(none, $" WHERE week = {lastWeek}"), cancellationToken);
        console.MarkupLineInterpolated($"summed into cells over all regions and into facets in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();

        // The other weeks: copies of the last one, every number multiplied by a factor of the week (1-3), so that no two
        // weeks are alike and every level still adds up. The facets get every week; the cells (0.5 million rows a week
        // here, 55 million for two years: an hour to write on this machine) only the weeks a 12-week query reads.
        string scaled = string.Join(", ", TrendRollupSql.Counted.Split(", ").Select(c => $"{c} * (1 + w.k % 3)"));
        string weeksOf = postgres ? $"generate_series(1, {Int(weeks - 1)}) AS w(k)" : "w";
        string recursive = postgres ? "" : $"WITH RECURSIVE w(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM w WHERE k < {Int(weeks - 1)})";
        await ExecuteAsync(connection, $"""
            {recursive}
            INSERT INTO trend_cell_weeks ({TrendRollupSql.CellKey}, {TrendRollupSql.Counted})
            SELECT c.week - 7 * w.k, c.region_id, c.category, c.style, c.color, c.material, c.price_band, {scaled}
            FROM {weeksOf} CROSS JOIN trend_cell_weeks c WHERE c.week = {lastWeek} AND (w.k < {Int(QueriedWeeks)} OR w.k BETWEEN 52 AND {Int(51 + QueriedWeeks)});
            {recursive}
            INSERT INTO trend_facet_weeks ({TrendRollupSql.FacetKey}, {TrendRollupSql.Counted})
            SELECT f.facet, f.week - 7 * w.k, f.region_id, f.v1, f.v2, {scaled}
            FROM {weeksOf} CROSS JOIN trend_facet_weeks f WHERE f.week = {lastWeek};
            """, cancellationToken);
        console.MarkupLineInterpolated($"copied to {weeks} weeks ({skus:N0} SKUs x {regions} regions x {weeks} weeks) in {clock.Elapsed.TotalSeconds:F0} s");
        if (postgres)
        {
            foreach (string table in new[] { "trend_cell_weeks", "trend_facet_weeks" })
            {
                await ExecuteAsync(connection, $"VACUUM ANALYZE {table}", cancellationToken); // as autovacuum would after a bulk fill
            }
        }
        else
        {
            await ExecuteAsync(connection, "ANALYZE", cancellationToken);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Forecasting.Core.Synthetic;
using Forecasting.Core.Trends;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Spectre.Console;

namespace Forecasting.Bench;

/// <summary>
/// <c>forecasting-bench trends --synthetic-weeks</c>: the trend rollups at a size no daily load here can reach (the
/// issue's 100,000 SKUs x 20 regions x 2 years is ~1.4 billion daily rows). The generator's catalog and the regions are
/// inserted in SQL, the last week of <c>trend_weeks</c> (one row per SKU x region) is filled in SQL with
/// sums drawn from a formula and summed into catalog cells and facets by the store's own refresh
/// (<see cref="ITrendStore.RefreshTrendCatalogAsync"/>, timed), and those are copied to the other weeks with scaled
/// numbers. The daily table gets two rows only, on the first and the last day, so the queries know the history's span;
/// the emerging rankings (daily rows) and the queries with other price band edges (SKU weeks) are not measured here.
/// </summary>
internal static class BenchTrendWeeksFill
{
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
        // One week of SKU weeks (every SKU x region), summed into cells and facets by the store's refresh: a week's
        // rollup cost at this size. Pseudo-random sums from the ids: units 0-22 a week.
        string sums = "(s.id * 7 + r.id * 13) % 23, s.id % 5, ((s.id * 7 + r.id * 13) % 23) * 30 + (s.id + r.id) % 41, (s.id * 3) % 29, (s.id + r.id * 5) % 31, s.id % 11";
        await ExecuteAsync(connection, $"""
            INSERT INTO trend_weeks (week, sku_id, region_id, units, returns, views, searches, cart_adds, wishlist_adds)
            SELECT {Int(last.AddDays(-6).DayNumber)}, s.id, r.id, {sums} FROM skus s CROSS JOIN regions r ORDER BY 2, 3;
            """, cancellationToken);
        console.MarkupLineInterpolated($"{(long)skus * regions:N0} SKU-week rows of the last week in {clock.Elapsed.TotalSeconds:F0} s");
        clock.Restart();
        await store.RefreshTrendCatalogAsync(last.AddDays(-6), last, cancellationToken);
        console.MarkupLineInterpolated($"summed into catalog cells and facets by RefreshTrendCatalogAsync in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();

        // The other weeks: copies of the last one's cells and facets, every number scaled by a factor of the week
        // (0.5-1.5) so that no two weeks are alike (the SKU weeks of 2 years would be 5-25 GB of a shared disk).
        const string Columns = "units, returns, views, searches, cart_adds, wishlist_adds";
        string scaled = string.Join(", ", Columns.Split(", ").Select(c => $"{c} * (50 + (w.k * 37) % 100) / 100"));
        string weeksOf = postgres ? $"generate_series(1, {Int(weeks - 1)}) AS w(k)" : "w";
        string recursive = postgres ? "" : $"WITH RECURSIVE w(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM w WHERE k < {Int(weeks - 1)})";
        string lastWeek = Int(last.AddDays(-6).DayNumber);
        await ExecuteAsync(connection, $"""
            {recursive}
            INSERT INTO trend_cell_weeks (week, region_id, category, style, color, material, price_band, {Columns})
            SELECT c.week - 7 * w.k, c.region_id, c.category, c.style, c.color, c.material, c.price_band, {scaled}
            FROM {weeksOf} CROSS JOIN trend_cell_weeks c WHERE c.week = {lastWeek};
            {recursive}
            INSERT INTO trend_facet_weeks (facet, week, region_id, v1, v2, {Columns})
            SELECT f.facet, f.week - 7 * w.k, f.region_id, f.v1, f.v2, {scaled}
            FROM {weeksOf} CROSS JOIN trend_facet_weeks f WHERE f.week = {lastWeek};
            DELETE FROM trend_weeks;
            """, cancellationToken);
        console.MarkupLineInterpolated($"copied to {weeks} weeks ({skus:N0} SKUs x {regions} regions x {weeks} weeks) in {clock.Elapsed.TotalSeconds:F0} s");
        if (postgres)
        {
            foreach (string table in new[] { "trend_weeks", "trend_cell_weeks", "trend_facet_weeks" })
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

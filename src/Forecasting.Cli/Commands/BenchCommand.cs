using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Forecasting.Pipeline.Telemetry;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;
using Forecasting.Storage;
using Forecasting.Pipeline.Ingest;
using Forecasting.Storage.Sqlite;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>
/// <c>forecasting bench ingest</c>: measures demand rows ingested per second into SQLite or PostgreSQL from a large
/// CSV: a first load, the same file again (every row a duplicate) and a re-sent file with 5 % of its rows changed
/// (a corrected export), and the peak resident memory of the first load (Linux VmHWM, reset before it starts).
/// </summary>
internal static class BenchCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var rows = new Option<int>("--rows") { Description = "demand rows in the generated CSV", DefaultValueFactory = _ => 5_000_000 };
        var skus = new Option<int>("--skus") { Description = "SKUs in the generated CSV", DefaultValueFactory = _ => 2_000 };
        var regions = new Option<int>("--regions") { Description = "regions in the generated CSV", DefaultValueFactory = _ => 6 };
        var folder = new Option<DirectoryInfo?>("--dir") { Description = "work folder (default: a new temp folder, deleted afterwards)" };
        var target = new Option<string?>("--db") { Description = "store to load into: a PostgreSQL connection string or postgres:// URL of an empty database (default: a SQLite file in the work folder)" };
        var catalog = new Option<bool>("--catalog") { Description = "load a catalog first, so the SKUs' demand is summed into distinct trend cells and facets (default: auto-registered SKUs, no attributes)" };
        var ingest = new Command("ingest", "Demand rows/s into SQLite or PostgreSQL from a generated CSV, with peak RSS.") { rows, skus, regions, folder, target, catalog };
        ingest.SetAction(async (result, cancellationToken) =>
        {
            var dir = result.GetValue(folder)?.FullName ?? Directory.CreateTempSubdirectory("forecasting-bench-").FullName;
            bool cleanUp = result.GetValue(folder) is null;
            try
            {
                await RunIngestAsync(console, dir, result.GetValue(target), result.GetValue(rows), result.GetValue(skus), result.GetValue(regions), result.GetValue(catalog), cancellationToken);
            }
            finally
            {
                if (cleanUp)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(dir, recursive: true);
                }
            }

            return 0;
        });
        return new Command("bench", "Benchmarks (medians and ratios belong in docs/benchmarks.md, never in tests).") { ingest, BenchForecastCommand.Create(console) };
    }

    private static async Task RunIngestAsync(IAnsiConsole console, string dir, string? target, int rowCount, int skuCount, int regionCount, bool catalog, CancellationToken cancellationToken)
    {
        var csv = Path.Combine(dir, "demand-bench.csv");
        var corrected = Path.Combine(dir, "demand-bench-corrected.csv");
        var clock = Stopwatch.StartNew();
        WriteCsv(csv, rowCount, skuCount, regionCount, changeEvery: 0);
        WriteCsv(corrected, rowCount, skuCount, regionCount, changeEvery: 20);
        console.MarkupLineInterpolated($"wrote 2 x {rowCount:N0} rows ({new FileInfo(csv).Length / 1e6:F0} MB each) in {clock.Elapsed.TotalSeconds:F1} s");

        string where = target ?? Path.Combine(dir, "bench.db");
        var store = await StoreFactory.OpenAsync(where, null, cancellationToken);
        await store.RegisterAsync(Enumerable.Range(0, skuCount).Select(Sku).ToList(), Enumerable.Range(0, regionCount).Select(Region).ToList(), cancellationToken);
        var service = new IngestService(store);
        if (catalog)
        {
            var items = Path.Combine(dir, "catalog-bench.csv");
            WriteCatalog(items, skuCount);
            await service.IngestFileAsync(IngestKind.Catalog, items, new IngestOptions(), null, cancellationToken);
        }

        GC.Collect();
        ProcessMemory.ResetPeak();
        long rssBefore = ProcessMemory.Current();

        var table = new Table().AddColumns("load", "rows read", "accepted", "duplicates", "rejected", "seconds", "rows/s", "client CPU s");
        await MeasureAsync(table, "first (insert)", csv);
        long peak = ProcessMemory.Peak();
        await MeasureAsync(table, "again (all duplicates)", csv);
        await MeasureAsync(table, "re-sent, 5 % changed", corrected);
        console.Write(table);
        string size = store is SqliteStore sqlite ? $"database {new FileInfo(sqlite.Database.Path).Length / 1e6:F0} MB" : "PostgreSQL";
        console.MarkupLineInterpolated($"peak RSS during the first load: {peak / 1048576.0:F0} MiB (RSS before it: {rssBefore / 1048576.0:F0} MiB); {size}");

        // One load, timed; the CPU this process used beside it (all of a SQLite load, the client side of a
        // PostgreSQL one) tells a slower load from a busier machine.
        async Task MeasureAsync(Table table, string name, string path)
        {
            var cpu = Environment.CpuUsage.TotalTime;
            var wall = Stopwatch.StartNew();
            var report = await service.IngestFileAsync(IngestKind.Demand, path, new IngestOptions(), null, cancellationToken);
            double seconds = wall.Elapsed.TotalSeconds;
            double cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
            var c = report.Counts;
            table.AddRow(name, N(c.RowsRead), N(c.Accepted), N(c.Duplicates), N(c.Rejected), seconds.ToString("F1", CultureInfo.InvariantCulture), N((long)(c.RowsRead / seconds)),
                cpuSeconds.ToString("F1", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A catalog of the bench's SKUs, attributes spread over the generator's vocabularies (every category,
    /// style, colour, material and price band is used; 2,000 SKUs fill ~1,900 distinct cells).</summary>
    private static void WriteCatalog(string path, int skuCount)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("sku,category,style,color,material,price");
        var categories = Core.Synthetic.FashionVocabulary.Categories;
        var styles = Core.Synthetic.FashionVocabulary.Styles;
        var colors = Core.Synthetic.FashionVocabulary.Colors;
        for (int i = 0; i < skuCount; i++)
        {
            var category = categories[i % categories.Count];
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Sku(i)},{category.Name},{styles[(i / 3) % styles.Count]},{colors[(i / 7) % colors.Count]},{category.Materials[(i / 11) % category.Materials.Count]},{category.MedianPrice * (0.5 + ((i * 37) % 100) / 100.0):F2}"));
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Sku(int i) => "SKU" + i.ToString("D6", CultureInfo.InvariantCulture);

    private static string Region(int i) => "region-" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>Rows in date order, every SKU x region each day: the shape of a platform's daily export. The same seed
    /// gives the same rows; with <paramref name="changeEvery"/> n > 0, every n-th row has one more unit (a correction).</summary>
    private static void WriteCsv(string path, int rowCount, int skuCount, int regionCount, int changeEvery)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 20);
        writer.Write("sku,region,date,units,returns,views,searches,cart_adds,wishlist_adds\n");
        var random = new Random(42);
        var day = new DateOnly(2024, 1, 1);
        int written = 0;
        while (written < rowCount)
        {
            string date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            for (int s = 0; s < skuCount && written < rowCount; s++)
            {
                for (int r = 0; r < regionCount && written < rowCount; r++, written++)
                {
                    int units = random.Next(0, 4) + (changeEvery > 0 && written % changeEvery == 0 ? 1 : 0);
                    writer.Write(Sku(s));
                    writer.Write(',');
                    writer.Write(Region(r));
                    writer.Write(',');
                    writer.Write(date);
                    writer.Write(string.Create(CultureInfo.InvariantCulture, $",{units},{(units > 2 ? 1 : 0)},{units * 9 + random.Next(0, 20)},{random.Next(0, 5)},{random.Next(0, 3)},{random.Next(0, 2)}\n"));
                }
            }

            day = day.AddDays(1);
        }
    }
}

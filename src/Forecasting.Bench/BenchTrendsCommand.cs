using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Forecasting.Core.Synthetic;
using Forecasting.Core.Trends;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;
using Forecasting.Pipeline.Ingest;
using Spectre.Console;

namespace Forecasting.Bench;

/// <summary>
/// <c>forecasting bench trends</c>: a generated platform (SKUs x regions x days) loaded into a store through the ordinary
/// ingest, then the median time of trend queries (12 weeks with their 4 weeks before and the year-ago weeks) and of the
/// emerging ranking. A store that already holds demand is reused as it is (load once, measure many times).
/// </summary>
internal static class BenchTrendsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var skus = new Option<int>("--skus") { DefaultValueFactory = _ => 2_000 };
        var regions = new Option<int>("--regions") { Description = "4-12 (the generator's regions)", DefaultValueFactory = _ => 12 };
        var days = new Option<int>("--days") { Description = "days of history (>= 400 so that the year-ago weeks are in the data)", DefaultValueFactory = _ => 420 };
        var repeat = new Option<int>("--repeat") { Description = "timed runs of each query (the median is reported)", DefaultValueFactory = _ => 5 };
        var synthetic = new Option<bool>("--synthetic-weeks") { Description = "fill the weekly rollups in SQL (any number of regions) instead of loading daily rows: the issue's full size" };
        var target = new Option<string?>("--db") { Description = "store: a SQLite file or a PostgreSQL connection string of an empty database, or a store already loaded by this bench (default: a SQLite file in a temp folder)" };
        var command = new Command("trends", "Median seconds of trend queries by attribute and of the emerging ranking over a generated platform.") { skus, regions, days, repeat, target, synthetic };
        command.SetAction(async (result, cancellationToken) =>
        {
            string? folder = result.GetValue(target) is null ? Directory.CreateTempSubdirectory("forecasting-bench-trends-").FullName : null;
            try
            {
                string store = result.GetValue(target) ?? Path.Combine(folder!, "bench.db");
                if (result.GetValue(synthetic))
                {
                    await RunSyntheticAsync(console, store, result.GetValue(skus), result.GetValue(regions), result.GetValue(days), Math.Max(1, result.GetValue(repeat)), cancellationToken);
                }
                else
                {
                    await RunAsync(console, store, new GeneratorOptions { Skus = result.GetValue(skus), Regions = result.GetValue(regions), Days = result.GetValue(days), Seed = 1 },
                        Math.Max(1, result.GetValue(repeat)), cancellationToken);
                }
            }
            finally
            {
                if (folder is not null)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(folder, recursive: true);
                }
            }

            return 0;
        });
        return command;
    }

    private static async Task RunAsync(IAnsiConsole console, string target, GeneratorOptions options, int repeat, CancellationToken cancellationToken)
    {
        var store = await StoreFactory.OpenAsync(target, null, cancellationToken);
        var summary = await store.GetDemandSummaryAsync(cancellationToken);
        if (summary.Rows == 0)
        {
            string folder = Directory.CreateTempSubdirectory("forecasting-bench-trends-files-").FullName;
            try
            {
                var clock = Stopwatch.StartNew();
                var files = PlatformFiles.Write(SyntheticPlatform.Create(options), folder, null, cancellationToken);
                console.MarkupLineInterpolated($"generated {options.Skus:N0} SKUs x {options.Regions} regions x {options.Days:N0} days: {files.DemandRows:N0} demand rows in {clock.Elapsed.TotalSeconds:F0} s");
                var ingest = new IngestService(store);
                await ingest.IngestFileAsync(IngestKind.Network, Path.Combine(folder, PlatformFiles.Network), null, null, cancellationToken);
                await ingest.IngestFileAsync(IngestKind.Catalog, Path.Combine(folder, PlatformFiles.Catalog), null, null, cancellationToken);
                clock.Restart();
                await ingest.IngestFileAsync(IngestKind.Demand, Path.Combine(folder, PlatformFiles.Demand), null, null, cancellationToken);
                console.MarkupLineInterpolated($"loaded in {clock.Elapsed.TotalSeconds:F0} s");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }

            summary = await store.GetDemandSummaryAsync(cancellationToken);
        }

        console.MarkupLineInterpolated($"store: {summary.Rows:N0} demand rows, {summary.Series:N0} series, {summary.FirstDay:yyyy-MM-dd}..{summary.LastDay:yyyy-MM-dd}");
        var queries = new (string Name, Func<Task<int>> Run)[]
        {
            ("trends by price band, edges 40,100 (daily rows), 12 weeks", async () => (await store.QueryTrendsAsync(new TrendQuery([TrendDimension.PriceBand], PriceBands: PriceBands.Parse("40,100")), cancellationToken)).Series.Count),
            ("emerging SKUs, top 20", async () => (await store.RankEmergenceAsync(new EmergenceQuery(EmergenceDirection.Emerging), cancellationToken)).Items.Count),
            ("emerging colours", async () => (await store.RankEmergenceAsync(new EmergenceQuery(EmergenceDirection.Emerging, [TrendDimension.Color]), cancellationToken)).Items.Count),
        };
        await MeasureAsync(console, [.. queries, .. await TrendQueriesAsync(store, cancellationToken)], repeat);
    }

    /// <summary>The rollups at the size, filled in SQL (<see cref="BenchTrendWeeksFill"/>), then the trend queries.</summary>
    private static async Task RunSyntheticAsync(IAnsiConsole console, string target, int skus, int regions, int days, int repeat, CancellationToken cancellationToken)
    {
        var store = await StoreFactory.OpenAsync(target, null, cancellationToken);
        if ((await store.GetDemandSummaryAsync(cancellationToken)).Rows == 0)
        {
            await BenchTrendWeeksFill.FillAsync(console, store, target, skus, regions, days, cancellationToken);
        }

        await MeasureAsync(console, await TrendQueriesAsync(store, cancellationToken), repeat);
    }

    /// <summary>The trend queries timed (the region of the one-region queries is looked up before, untimed).</summary>
    private static async Task<(string Name, Func<Task<int>> Run)[]> TrendQueriesAsync(IForecastingStore store, CancellationToken cancellationToken)
    {
        string region = (await store.GetReferenceDataAsync(cancellationToken)).RegionIds.Keys.Order(StringComparer.Ordinal).First();
        var oneRegion = new Dictionary<TrendDimension, string> { [TrendDimension.Region] = region };
        async Task<int> Groups(TrendQuery query) => (await store.QueryTrendsAsync(query, cancellationToken)).Series.Count;
        return
        [
            ("trends by colour, all regions, 12 weeks", () => Groups(new TrendQuery([TrendDimension.Color]))),
            ("trends by colour x material, all regions, 12 weeks (widest pair)", () => Groups(new TrendQuery([TrendDimension.Color, TrendDimension.Material]))),
            ("trends by category x colour x region, 12 weeks", () => Groups(new TrendQuery([TrendDimension.Category, TrendDimension.Color, TrendDimension.Region]))),
            ("trends by price band, one region, 12 weeks", () => Groups(new TrendQuery([TrendDimension.PriceBand], oneRegion))),
            ("trends by colour, dresses only, 52 weeks", () => Groups(new TrendQuery([TrendDimension.Color], new Dictionary<TrendDimension, string> { [TrendDimension.Category] = "dresses" }, Weeks: 52))),
            ("trends by category x style x colour (catalog cells), 12 weeks", () => Groups(new TrendQuery([TrendDimension.Category, TrendDimension.Style, TrendDimension.Color]))),
            ("trends by category x style x colour, one region (cells), 12 weeks", () => Groups(new TrendQuery([TrendDimension.Category, TrendDimension.Style, TrendDimension.Color], oneRegion))),
        ];
    }

    private static async Task MeasureAsync(IAnsiConsole console, IReadOnlyList<(string Name, Func<Task<int>> Run)> queries, int repeat)
    {
        var table = new Table().AddColumns("query", "groups / items", "median s", "min s", "max s");
        foreach (var (name, run) in queries)
        {
            int answer = await run(); // warm-up: page cache, plans
            var seconds = new List<double>();
            for (int i = 0; i < repeat; i++)
            {
                var clock = Stopwatch.StartNew();
                await run();
                seconds.Add(clock.Elapsed.TotalSeconds);
            }

            seconds.Sort();
            table.AddRow(name, answer.ToString(CultureInfo.InvariantCulture), F(seconds[seconds.Count / 2]), F(seconds[0]), F(seconds[^1]));
        }

        console.Write(table);
    }

    private static string F(double seconds) => seconds.ToString("F3", CultureInfo.InvariantCulture);
}

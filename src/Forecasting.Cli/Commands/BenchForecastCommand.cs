using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Forecasting.Pipeline.Telemetry;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Ssa;
using Forecasting.Core.Synthetic;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>
/// <c>forecasting bench forecast</c>: series per second per core of the forecasters on synthetic daily
/// series (level log-uniform 0.5-500 a day, trend, weekly profile, yearly cycle, Poisson counts), with
/// bytes allocated per series and peak RSS. Each variant runs once single-threaded (per-core rate) and
/// once on all cores; the median of <c>--repeat</c> passes is reported, with series per CPU second of the whole process
/// (all its threads: GC included), a per-core rate that a machine shared with other work does not lower as much.
/// </summary>
internal static class BenchForecastCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var series = new Option<int>("--series") { Description = "synthetic daily series", DefaultValueFactory = _ => 100_000 };
        var days = new Option<int>("--days") { Description = "days per series", DefaultValueFactory = _ => 730 };
        var horizon = new Option<int>("--horizon") { Description = "days forecast", DefaultValueFactory = _ => 28 };
        var repeat = new Option<int>("--repeat") { Description = "timed passes per variant (median reported)", DefaultValueFactory = _ => 3 };
        var models = new Option<string>("--models") { Description = "variants: ssa28 (SSA, L = 28, rank chosen automatically), ssa (automatic L and rank), auto (the whole automatic pipeline: classes, 3 CV origins, all candidates), snaive, or any model name of `forecast --models`", DefaultValueFactory = _ => "ssa28,ssa,snaive" };
        var dataset = new Option<string?>("--dataset") { Description = "m4-weekly (h 13) or carparts (h 6, season 12) from the shared data instead of synthetic series" };
        var platform = new Option<DirectoryInfo?>("--platform") { Description = "the series and interest signals of a folder written by 'generate' (e.g. the demo's input/); with the variants auto-signals and leading-indicator" };
        var platformSkus = new Option<int?>("--platform-skus") { Description = "a platform of this many SKUs x 6 regions x --days generated in memory instead of --platform" };
        var written = new Option<FileInfo?>("--forecasts") { Description = "write every variant's forecasts of the last pass to this CSV (variant,sku,region,model,step,mean,quantiles at 17 digits) to compare two builds" };
        var command = new Command("forecast", "Series/s per core of the forecasters, bytes allocated per series, peak RSS.") { series, days, horizon, repeat, models, dataset, platform, platformSkus, written };
        command.SetAction((result, cancellationToken) =>
        {
            var signalPlatform = result.GetValue(platform) is { } folder ? BenchSignalSeries.Read(folder.FullName)
                : result.GetValue(platformSkus) is { } skus ? BenchSignalSeries.Generate(skus, result.GetValue(days)) : null;
            Run(console, result.GetValue(dataset), signalPlatform, result.GetValue(series), result.GetValue(days), result.GetValue(horizon), result.GetValue(repeat), result.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), result.GetValue(written), cancellationToken);
            return Task.FromResult(0);
        });
        return command;
    }

    private static void Run(IAnsiConsole console, string? dataset, BenchSignalSeries.Platform? platform, int count, int days, int horizon, int repeat, string[] variants, FileInfo? written, CancellationToken cancellationToken)
    {
        ProcessMemory.ResetPeak();
        var clock = Stopwatch.StartNew();
        int season = 7;
        List<DemandSeries> data;
        if (platform is not null)
        {
            data = platform.Series;
            count = data.Count;
            console.MarkupLineInterpolated($"platform: {count:N0} series with {platform.Signals.Count:N0} signal sets ready in {clock.Elapsed.TotalSeconds:F1} s; RSS {ProcessMemory.Current() / 1048576.0:F0} MiB");
        }
        else if (dataset is null)
        {
            data = BenchmarkSeries.Daily(count, days);
            console.MarkupLineInterpolated($"generated {count:N0} series x {days} days in {clock.Elapsed.TotalSeconds:F1} s; RSS {ProcessMemory.Current() / 1048576.0:F0} MiB");
        }
        else
        {
            (data, horizon, season) = Load(dataset);
            count = data.Count;
            console.MarkupLineInterpolated($"loaded {count:N0} series of {dataset} (horizon {horizon}, season {season})");
        }

        days = data.Count == 0 ? 0 : (int)data.Average(s => s.Length);
        var request = new ForecastRequest { Horizon = horizon, SeasonLength = season };
        using var dump = written is null ? null : new StreamWriter(written.FullName);
        dump?.WriteLine("variant,sku,region,model,step,mean,quantiles");
        var table = new Table().AddColumns("variant", "threads", "seconds (median)", "series/s", "series/s per core", "series per CPU second", "bytes allocated / series");
        foreach (string variant in variants)
        {
            // The signal variants parallelise inside (Parallel.For): one row on all cores; DOTNET_PROCESSOR_COUNT=1 measures one core.
            bool signals = BenchSignalSeries.Variants.Contains(variant);
            foreach (int threads in (signals ? [Environment.ProcessorCount] : new[] { 1, Environment.ProcessorCount }).Distinct())
            {
                var forecaster = signals
                    ? BenchSignalSeries.Create(variant, platform ?? throw new ArgumentException($"--models {variant} needs --platform or --platform-skus."), threads)
                    : Create(variant, threads);
                forecaster.Forecast(data.Take(Math.Min(2_000, count)).ToList(), request, null, cancellationToken); // warm-up (JIT, tiering)
                var times = new List<double>();
                var cpu = new List<double>();
                long allocated = 0;
                IReadOnlyList<SeriesForecast> last = [];
                for (int pass = 0; pass < repeat; pass++)
                {
                    long before = GC.GetTotalAllocatedBytes(precise: true);
                    var processor = Process.GetCurrentProcess().TotalProcessorTime;
                    clock.Restart();
                    last = forecaster.Forecast(data, request, null, cancellationToken);
                    times.Add(clock.Elapsed.TotalSeconds);
                    cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - processor).TotalSeconds);
                    allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                }

                if (dump is not null && threads == Environment.ProcessorCount)
                {
                    BenchForecastDump.Write(dump, variant, last);
                }

                times.Sort();
                cpu.Sort();
                double median = times[times.Count / 2];
                table.AddRow(variant, threads.ToString(CultureInfo.InvariantCulture), median.ToString("F2", CultureInfo.InvariantCulture),
                    N(count / median), N(count / median / threads), N(count / cpu[cpu.Count / 2]), N(allocated / (double)count));
            }
        }

        console.Write(table);
        console.MarkupLineInterpolated($"peak RSS {ProcessMemory.Peak() / 1048576.0:F0} MiB (input data {count * (double)days * 8 / 1048576:F0} MiB, {days} values per series on average); allocation includes the forecast results (mean and quantiles)");
    }

    private static IForecaster Create(string variant, int threads) => variant switch
    {
        "ssa28" => new SsaForecaster(new SsaOptions { Window = 28 }, threads),
        "ssa" => new SsaForecaster(null, threads),
        "snaive" => new SeasonalNaiveForecaster(),
        "auto" => new Forecasting.Core.Forecasting.Selection.AutoForecaster(null, threads),
        _ => Pipeline.Models.ModelCatalog.Resolve(variant)[0], // any model by its catalog name (its own parallelism)
    };

    private static (List<DemandSeries> Data, int Horizon, int Season) Load(string dataset)
    {
        var (file, columns, horizon, season) = dataset switch
        {
            "m4-weekly" => ("m4-weekly/train.csv", new Storage.Datasets.LongFormatColumns("series_id", "t", "value"), 13, 1),
            "carparts" => ("carparts/demand.csv", new Storage.Datasets.LongFormatColumns("series_id", "period", "demand"), 6, 12),
            _ => throw new ArgumentException($"--dataset must be m4-weekly or carparts (was '{dataset}')."),
        };
        var series = Storage.Datasets.LongFormatLoader.Load(Path.Combine(EvaluateCommand.DefaultDataRoot(), file), columns);
        return ([.. series.Select(s => new DemandSeries(new SeriesKey(s.Id, dataset), Granularity.Day, new DateOnly(2000, 1, 3), s.Values))], horizon, season);
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

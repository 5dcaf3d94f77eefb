using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Forecasting.Pipeline.Telemetry;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;
using Forecasting.Core.Forecasting;
using Forecasting.Pipeline.Scoring;
using Forecasting.Pipeline.Training;
using Forecasting.Storage;
using Forecasting.Pipeline.Ingest;
using Spectre.Console;

namespace Forecasting.Bench;

/// <summary>
/// <c>forecasting bench score</c>: a store (SQLite, or an empty PostgreSQL database with --db) with SKUs x regions
/// series of 91 days of demand (about 60 % of days with sales), one snapshot of every series issued 28 days before
/// the end (seasonal naive, horizon 28), then times the scoring of that snapshot (actuals, MASE scale and naive
/// benchmark read, every forecast day scored, cells written), and a second scoring with nothing new (no writes).
/// </summary>
internal static class BenchScoreCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var skus = new Option<int>("--skus") { DefaultValueFactory = _ => 10_000 };
        var regions = new Option<int>("--regions") { DefaultValueFactory = _ => 10 };
        var target = new Option<string?>("--db") { Description = "PostgreSQL connection string of an empty database (default: a SQLite file in a temp folder)" };
        var command = new Command("score", "Seconds to score one snapshot of SKUs x regions series x 28 days against actuals.") { skus, regions, target };
        command.SetAction(async (result, cancellationToken) =>
        {
            await RunAsync(console, result.GetValue(skus), result.GetValue(regions), result.GetValue(target), cancellationToken);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(IAnsiConsole console, int skuCount, int regionCount, string? target, CancellationToken cancellationToken)
    {
        string folder = Directory.CreateTempSubdirectory("forecasting-bench-score-").FullName;
        var store = await StoreFactory.OpenAsync(target ?? Path.Combine(folder, "bench.db"), null, cancellationToken);
        string Sku(int i) => $"SKU{i:D6}";
        string Region(int r) => $"R{r:D2}";
        await store.RegisterAsync([.. Enumerable.Range(0, skuCount).Select(Sku)], [.. Enumerable.Range(0, regionCount).Select(Region)], cancellationToken);

        var first = new DateOnly(2026, 1, 5);
        const int days = 91;
        string csv = Path.Combine(folder, "demand.csv");
        var clock = Stopwatch.StartNew();
        long rows = 0;
        await using (var writer = new StreamWriter(csv))
        {
            await writer.WriteLineAsync("sku,region,date,units");
            var random = new Random(7);
            for (int d = 0; d < days; d++)
            {
                string date = first.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                for (int s = 0; s < skuCount; s++)
                {
                    for (int r = 0; r < regionCount; r++)
                    {
                        int units = random.NextDouble() < 0.4 ? 0 : 1 + random.Next(1 + (s % 20));
                        if (units > 0)
                        {
                            await writer.WriteLineAsync($"{Sku(s)},{Region(r)},{date},{units}");
                            rows++;
                        }
                    }
                }
            }
        }

        var load = await new IngestService(store).IngestFileAsync(IngestKind.Demand, csv, new IngestOptions(), null, cancellationToken);
        console.MarkupLineInterpolated($"loaded {load.Counts.Accepted:N0} demand rows ({skuCount * regionCount:N0} series x {days} days) in {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        var cutoff = first.AddDays(days - 1 - 28);
        var run = await new ForecastTrainer(store, store).RunAsync(new SeasonalNaiveForecaster(), new TrainingOptions { Cutoff = cutoff, Horizon = 28, BatchSize = 5_000 }, null, cancellationToken);
        console.MarkupLineInterpolated($"snapshot {run.Id} as of {cutoff:yyyy-MM-dd}: {run.SeriesCount:N0} series x 28 days written in {clock.Elapsed.TotalSeconds:F1} s");

        var service = new AccuracyScoringService(store, new AccuracyOptions());
        GC.Collect();
        ProcessMemory.ResetPeak();
        clock.Restart();
        var scored = await service.ScoreAsync(null, cancellationToken);
        double seconds = clock.Elapsed.TotalSeconds;
        long peak = ProcessMemory.Peak();
        clock.Restart();
        var again = await service.ScoreAsync(null, cancellationToken);
        double againSeconds = clock.Elapsed.TotalSeconds;

        var table = new Table().AddColumns("scoring", "forecast days scored", "cells written", "seconds", "rows/s");
        table.AddRow("first", N(scored.Rows), N(scored.Runs.Sum(r => r.CellsWritten)), seconds.ToString("F1", CultureInfo.InvariantCulture), N(scored.Rows / seconds));
        table.AddRow("again (nothing new)", N(again.Rows), N(again.Runs.Sum(r => r.CellsWritten)), againSeconds.ToString("F2", CultureInfo.InvariantCulture), "-");
        console.Write(table);
        console.MarkupLineInterpolated($"{(target is null ? "SQLite" : "PostgreSQL")}; peak RSS during the first scoring {peak / 1048576.0:F0} MiB; {Environment.ProcessorCount} cores");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

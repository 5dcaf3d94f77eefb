using System.CommandLine;
using System.Diagnostics;
using Forecasting.Core.Domain;
using Forecasting.Core.Hierarchy;
using Forecasting.Storage;
using Forecasting.Storage.Files;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary><c>forecasting forecasts export</c>: a stored forecast run in long format, as CSV or Parquet.</summary>
internal static class ForecastsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var database = CommonOptions.Database();
        var run = new Option<long?>("--run") { Description = "forecast run id (default: the latest completed production run)" };
        var level = new Option<string>("--level")
        {
            Description = $"hierarchy level: {string.Join(" | ", HierarchyLevels.Names)} (sku,region: the run's base forecasts with their model; the others: the reconciled forecasts, keyed by the level's attributes)",
            DefaultValueFactory = _ => "sku,region",
        };
        var format = new Option<ForecastExportFormat>("--format") { Description = "csv or parquet", DefaultValueFactory = _ => ForecastExportFormat.Csv };
        var output = new Option<FileInfo>("--out") { Description = "file to write", Required = true };
        var export = new Command("export", "Write a stored forecast run in long format (unique_id, sku, region, ds, model, mean, p10, p50, p90), or one level of its reconciled forecasts (e.g. category, region, ds, mean, p10, p50, p90).") { database, run, level, format, output };
        export.SetAction(async (result, cancellationToken) =>
        {
            var clock = Stopwatch.StartNew();
            var chosenLevel = ParseLevel(result.GetValue(level)!);
            var store = await StoreFactory.OpenExistingAsync(result.GetValue(database)!, null, cancellationToken);
            var runs = await store.ListRunsAsync(cancellationToken);
            long? asked = result.GetValue(run);
            var chosen = asked is { } id
                ? runs.FirstOrDefault(r => r.Id == id) ?? throw new ArgumentException($"--run: no forecast run {id} in the store.")
                : runs.LatestCompletedProduction()
                  ?? throw new InvalidOperationException("the store has no completed production forecast run to export (train one with `forecasting run --job train`).");
            var file = result.GetValue(output)!;
            string temporary = file.FullName + ".partial";
            int count;
            TimeSpan read;
            if (chosenLevel == HierarchyLevel.SkuRegion)
            {
                var rows = await store.ReadForecastsAsync(chosen.Id, null, cancellationToken);
                read = clock.Elapsed;
                await using var stream = File.Create(temporary);
                await ForecastExport.WriteAsync(rows, result.GetValue(format), stream, cancellationToken);
                count = rows.Count;
            }
            else
            {
                _ = await store.GetReconciliationAsync(chosen.Id, cancellationToken)
                    ?? throw new InvalidOperationException($"run {chosen.Id} has no reconciled forecasts of the levels (runs trained before reconciliation, or with Training:Reconciliation off); only --level sku,region can be exported.");
                var rows = await store.ReadReconciledForecastsAsync(chosen.Id, chosenLevel, null, cancellationToken);
                read = clock.Elapsed;
                await using var stream = File.Create(temporary);
                await LevelForecastExport.WriteAsync(chosenLevel, rows, result.GetValue(format), stream, cancellationToken);
                count = rows.Count;
            }

            File.Move(temporary, file.FullName, overwrite: true); // a cancelled export leaves no half-written file under the name asked for
            console.MarkupLineInterpolated($"run {chosen.Id}: {count:N0} {chosenLevel.Name()} forecast rows written to {file.FullName} in {clock.Elapsed.TotalSeconds:F1} s (store read {read.TotalSeconds:F1} s)");
            return 0;
        });
        return new Command("forecasts", "Stored forecasts.") { export };
    }

    private static HierarchyLevel ParseLevel(string text)
    {
        try
        {
            return HierarchyLevels.Parse(text);
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"--level: {error.Message}", error);
        }
    }
}

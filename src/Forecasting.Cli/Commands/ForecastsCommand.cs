using System.CommandLine;
using System.Diagnostics;
using Forecasting.Core.Domain;
using Forecasting.Storage;
using Forecasting.Storage.Files;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary><c>forecasting forecasts export</c>: a stored forecast run in long format, as CSV or Parquet.</summary>
internal static class ForecastsCommand
{
    /// <summary>The aggregation levels an export can be asked for; stored forecasts exist per SKU x region.</summary>
    private static readonly string[] Levels = ["sku-region"];

    public static Command Create(IAnsiConsole console)
    {
        var database = CommonOptions.Database();
        var run = new Option<long?>("--run") { Description = "forecast run id (default: the latest completed production run)" };
        var level = new Option<string>("--level") { Description = "aggregation level: sku-region", DefaultValueFactory = _ => "sku-region" };
        level.AcceptOnlyFromAmong(Levels);
        var format = new Option<ForecastExportFormat>("--format") { Description = "csv or parquet", DefaultValueFactory = _ => ForecastExportFormat.Csv };
        var output = new Option<FileInfo>("--out") { Description = "file to write", Required = true };
        var export = new Command("export", "Write a stored forecast run in long format (unique_id, sku, region, ds, model, mean, p10, p50, p90).") { database, run, level, format, output };
        export.SetAction(async (result, cancellationToken) =>
        {
            var clock = Stopwatch.StartNew();
            var store = await StoreFactory.OpenExistingAsync(result.GetValue(database)!, null, cancellationToken);
            var runs = await store.ListRunsAsync(cancellationToken);
            long? asked = result.GetValue(run);
            var chosen = asked is { } id
                ? runs.FirstOrDefault(r => r.Id == id) ?? throw new ArgumentException($"--run: no forecast run {id} in the store.")
                : runs.LatestCompletedProduction()
                  ?? throw new InvalidOperationException("the store has no completed production forecast run to export (train one with `forecasting run --job train`).");
            var rows = await store.ReadForecastsAsync(chosen.Id, null, cancellationToken);
            var read = clock.Elapsed;
            var file = result.GetValue(output)!;
            string temporary = file.FullName + ".partial";
            await using (var stream = File.Create(temporary))
            {
                await ForecastExport.WriteAsync(rows, result.GetValue(format), stream, cancellationToken);
            }

            File.Move(temporary, file.FullName, overwrite: true); // a cancelled export leaves no half-written file under the name asked for
            console.MarkupLineInterpolated($"run {chosen.Id}: {rows.Count:N0} forecast rows written to {file.FullName} in {clock.Elapsed.TotalSeconds:F1} s (store read {read.TotalSeconds:F1} s)");
            return 0;
        });
        return new Command("forecasts", "Stored forecasts.") { export };
    }
}

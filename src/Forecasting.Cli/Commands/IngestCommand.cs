using System.CommandLine;
using Forecasting.Storage.Ingest;
using Forecasting.Storage;
using Forecasting.Storage.Resilience;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary><c>forecasting ingest KIND FILE</c>: loads one input file into the store.</summary>
internal static class IngestCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var kind = new Argument<string>("kind") { Description = "demand | orders | catalog | inventory | network" };
        kind.AcceptOnlyFromAmong("demand", "orders", "catalog", "inventory", "network");
        var file = new Argument<FileInfo>("file") { Description = "CSV (or network JSON) file to load" };
        var database = CommonOptions.Database();
        var map = new Option<string?>("--map") { Description = "column mapping, e.g. sku=StockCode,quantity=Quantity,timestamp=InvoiceDate,region=Country" };
        var dateFormat = new Option<string?>("--date-format") { Description = "format of non-ISO dates/timestamps, e.g. dd/MM/yyyy or M/d/yyyy H:mm" };
        var autoRegister = new Option<bool>("--auto-register") { Description = "add unknown SKUs and regions instead of rejecting their rows" };
        var batchSize = new Option<int>("--batch-size") { Description = "rows per transaction", DefaultValueFactory = _ => new IngestOptions().BatchSize };

        var command = new Command("ingest", "Load demand, order lines, catalog, inventory (CSV) or the network (JSON) into the store.")
        {
            kind, file, database, map, dateFormat, autoRegister, batchSize,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenAsync(result.GetValue(database)!, null, cancellationToken);
            if (await LeaseSweep.FailExpiredAsync(store, null, null, cancellationToken) is { Count: > 0 } expired)
            {
                console.MarkupLineInterpolated($"[yellow]marked failed (lease expired: their process died):[/] {LeaseSweep.Describe(expired)}");
            }

            var options = new IngestOptions
            {
                ColumnMap = IngestOptions.ParseColumnMap(result.GetValue(map)),
                DateFormat = result.GetValue(dateFormat),
                AutoRegister = result.GetValue(autoRegister),
                BatchSize = result.GetValue(batchSize),
            };
            var report = await IngestRunner.RunAsync(console, new IngestService(store), ParseKind(result.GetValue(kind)!), result.GetValue(file)!.FullName, options, cancellationToken);
            IngestRunner.Print(console, report);
            return 0;
        });
        return command;
    }

    public static IngestKind ParseKind(string kind) => kind switch
    {
        "demand" => IngestKind.Demand,
        "orders" => IngestKind.OrderLines,
        "catalog" => IngestKind.Catalog,
        "inventory" => IngestKind.Inventory,
        "network" => IngestKind.Network,
        _ => throw new ArgumentException($"Unknown ingest kind '{kind}'.", nameof(kind)),
    };
}

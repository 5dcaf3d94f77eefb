using System.CommandLine;
using Forecasting.Pipeline.Hosting;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;
using Forecasting.Pipeline.Ingest;
using Forecasting.Pipeline.Scheduling;
using Forecasting.Storage;
using Microsoft.Extensions.Configuration;
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
        var excludeSku = new Option<string?>("--exclude-sku") { Description = "drop rows whose whole SKU code matches this .NET regular expression (e.g. postage and fees: 'POST|DOT|M|C2|BANK CHARGES|AMAZONFEE'); counted as excluded" };
        var config = new Option<FileInfo?>("--config") { Description = $"configuration file whose {IngestRules.Section} section sets the ingest rules (default: {ServiceConfiguration.DefaultFile} when it exists); environment variables Forecasting__Ingest__... override it" };

        var command = new Command("ingest", "Load demand, order lines, catalog, inventory (CSV) or the network (JSON) into the store. Exits non-zero when every row was rejected.")
        {
            kind, file, database, map, dateFormat, autoRegister, batchSize, excludeSku, config,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var rules = Rules(result.GetValue(config));
            _ = SkuExclusion.Create(result.GetValue(excludeSku)); // a bad pattern fails before the store is touched
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
                ExcludeSku = result.GetValue(excludeSku),
            };
            var report = await IngestRunner.RunAsync(console, new IngestService(store, null, rules), ParseKind(result.GetValue(kind)!), result.GetValue(file)!.FullName, options, cancellationToken);
            IngestRunner.Print(console, report);
            return report.Counts.AllRejected ? CliApp.ExitError : 0;
        });
        return command;
    }

    /// <summary>The ingest rules of the service's configuration (the same file and environment variables as
    /// <c>serve</c>), validated: the CLI and the service apply the same rules.</summary>
    private static IngestRules Rules(FileInfo? file)
    {
        if (file is not null && !file.Exists)
        {
            throw new FileNotFoundException($"{file.FullName}: no such configuration file.", file.FullName);
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(file?.FullName ?? Path.GetFullPath(ServiceConfiguration.DefaultFile), optional: file is null, reloadOnChange: false)
            .AddEnvironmentVariables()
            .Build();
        var rules = ServiceConfiguration.Bind(configuration).Ingest;
        rules.Validate();
        return rules;
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

using System.CommandLine;
using System.Globalization;
using System.Text;
using Forecasting.Core.Planning;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Workflow;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>
/// <c>forecasting exports create|list|get</c>: export batches of the approved moves for the warehouse system.
/// <c>create</c> makes a batch of every approved move not yet exported (optionally one warehouse or SKU) and writes
/// it when <c>--out</c> is given; <c>get</c> writes a batch again, the same rows every time, so a lost file loses
/// nothing; <c>--key</c> makes a retried <c>create</c> return the same batch.
/// </summary>
internal static class ExportsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("exports", "Export batches of approved moves: create one, list them, get one again (CSV or JSON).");
        command.Subcommands.Add(CreateBatch(console));
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Get(console));
        return command;
    }

    private static Command CreateBatch(IAnsiConsole console)
    {
        var database = CommonOptions.Database();
        var format = Format();
        var output = new Option<FileInfo?>("--out") { Description = "also write the batch to this file" };
        var warehouse = new Option<string?>("--warehouse") { Description = "only moves from or to this warehouse" };
        var sku = new Option<string?>("--sku") { Description = "only moves of this SKU" };
        var key = new Option<string?>("--key") { Description = "idempotency key: a retry with the same key returns the same batch" };
        var actor = new Option<string>("--actor") { Description = "who exports (recorded with each move; default: the OS user)", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("create", "Make a batch of every approved (or edited) move not yet exported and mark them exported.") { database, format, output, warehouse, sku, key, actor };
        command.SetAction(async (result, cancellationToken) =>
        {
            var kind = ProposalWire.Parse<ExportFormat>(result.GetValue(format)!);
            var store = await StoreFactory.OpenAsync(result.GetValue(database)!, null, cancellationToken);
            var exports = new ExportBatches(store, store);
            var (batch, created) = await exports.CreateAsync(kind, new ExportFilter(result.GetValue(warehouse), result.GetValue(sku)), result.GetValue(actor)!, result.GetValue(key), cancellationToken);
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"export batch {batch.Id}: {batch.Moves} moves{(created ? "" : " (already made with this key)")}");
            if (result.GetValue(output) is { } file)
            {
                await WriteAsync(console, exports, batch.Id, kind, file, cancellationToken);
            }

            return 0;
        });
        return command;
    }

    private static Command List(IAnsiConsole console)
    {
        var database = CommonOptions.Database();
        var format = Listing.FormatOption();
        var command = new Command("list", "Export batches, newest first (the latest 200).") { database, format };
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenExistingAsync(result.GetValue(database)!, null, cancellationToken);
            var batches = await store.ListExportBatchesAsync(200, cancellationToken);
            Listing.Write(console, result.GetValue(format), ["id", "created", "by", "format", "warehouse", "sku", "moves"],
                batches.Select(b => new object?[] { b.Id, b.CreatedAt, b.Actor, ProposalWire.Name(b.Format), b.Filter.Warehouse, b.Filter.Sku, b.Moves }));
            return 0;
        });
        return command;
    }

    private static Command Get(IAnsiConsole console)
    {
        var database = CommonOptions.Database();
        var id = new Argument<long>("id") { Description = "export batch id" };
        var format = new Option<string?>("--format") { Description = "csv or json (default: the batch's own)" };
        var output = new Option<FileInfo>("--out") { Required = true };
        var command = new Command("get", "Write an export batch again: the same rows every time.") { id, database, format, output };
        command.SetAction(async (result, cancellationToken) =>
        {
            ExportFormat? kind = result.GetValue(format) is { } text ? ProposalWire.Parse<ExportFormat>(text) : null;
            var store = await StoreFactory.OpenAsync(result.GetValue(database)!, null, cancellationToken);
            return await WriteAsync(console, new ExportBatches(store, store), result.GetValue(id), kind, result.GetValue(output)!, cancellationToken);
        });
        return command;
    }

    private static async Task<int> WriteAsync(IAnsiConsole console, ExportBatches exports, long id, ExportFormat? format, FileInfo file, CancellationToken cancellationToken)
    {
        if (await exports.RenderAsync(id, format, cancellationToken) is not { } rendered)
        {
            console.MarkupLineInterpolated($"[red]error:[/] no export batch {id}");
            return CliApp.ExitError;
        }

        await File.WriteAllTextAsync(file.FullName, rendered.Content, new UTF8Encoding(false), cancellationToken);
        console.MarkupLineInterpolated($"export batch {id} written to {file.FullName}");
        return 0;
    }

    private static Option<string> Format() => new("--format") { Description = "csv or json", DefaultValueFactory = _ => "csv" };
}

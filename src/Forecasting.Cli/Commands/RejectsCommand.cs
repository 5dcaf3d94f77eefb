using System.CommandLine;
using System.Globalization;
using Forecasting.Storage;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary><c>forecasting rejects</c>: lists stored rejects (file, line, field, reason).</summary>
internal static class RejectsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var database = CommonOptions.Database();
        var source = new Option<string?>("--source") { Description = "only rejects of this file" };
        var limit = new Option<int>("--limit") { Description = "rows to show", DefaultValueFactory = _ => 50 };
        var all = new Option<bool>("--all") { Description = "the rejects of every load (default: only the latest load of each file, which supersedes the earlier ones)" };
        var format = Listing.FormatOption();
        var command = new Command("rejects", "List rows that ingest refused, with file, line, field and reason (the latest load of each file).") { database, source, limit, all, format };
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenExistingAsync(result.GetValue(database)!, null, cancellationToken);
            var rejects = await store.GetRejectsAsync(result.GetValue(source), result.GetValue(limit), result.GetValue(all), cancellationToken);
            Listing.Write(console, result.GetValue(format), ["source", "line", "field", "reason", "value"],
                rejects.Select(r => new object?[] { r.Source, r.Line, r.Field, r.Reason, r.Value }));
            return 0;
        });
        return command;
    }
}

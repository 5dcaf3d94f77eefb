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
        var command = new Command("rejects", "List rows that ingest refused, with file, line, field and reason (the latest load of each file).") { database, source, limit, all };
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenAsync(result.GetValue(database)!, null, cancellationToken);
            var rejects = await store.GetRejectsAsync(result.GetValue(source), result.GetValue(limit), result.GetValue(all), cancellationToken);
            var table = new Table().AddColumns("source", "line", "field", "reason", "value");
            foreach (var r in rejects)
            {
                table.AddRow(Markup.Escape(r.Source), r.Line.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Field), Markup.Escape(r.Reason), Markup.Escape(r.Value ?? ""));
            }

            console.Write(table);
            return 0;
        });
        return command;
    }
}

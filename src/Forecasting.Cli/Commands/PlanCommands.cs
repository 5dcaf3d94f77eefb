using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Forecasting.Core.Planning;
using Forecasting.Jobs.Planning;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>
/// <c>forecasting plan</c> (plan stock moves from the latest forecast run and print the best) and
/// <c>forecasting proposals list|approve|edit|reject|export</c> (the supply planner's decisions, each with
/// the version the planner saw; export writes the approved moves as CSV or JSON for a warehouse system and
/// marks them exported).
/// </summary>
internal static class PlanCommands
{
    public static Command Plan(IAnsiConsole console)
    {
        var database = CommonOptions.Database();
        var top = new Option<int>("--top") { Description = "proposals printed", DefaultValueFactory = _ => 15 };
        var command = new Command("plan", "Plan stock moves from the latest forecast run, store them as a plan run and print the best.") { database, top };
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenAsync(result.GetValue(database)!, null, cancellationToken);
            var plan = await new PlanningService(store).PlanAsync(new PlannerOptions(), cancellationToken);
            Print(console, plan, result.GetValue(top));
            return 0;
        });
        return command;
    }

    public static void Print(IAnsiConsole console, PlanResult plan, int top)
    {
        var table = new Table().AddColumns("sku", "from", "to", "units", "arrive by", "window demand (p10-p90)", "target", "position before -> after", "shortage avoided", "cost", "benefit");
        foreach (var p in plan.Proposals.Take(top))
        {
            table.AddRow(Markup.Escape(p.Sku), Markup.Escape(p.From), Markup.Escape(p.To), N(p.Quantity), p.ArriveBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                FormattableString.Invariant($"{p.DemandMean:F1} ({p.DemandP10:F1}-{p.DemandP90:F1})"), p.Target.ToString("F1", CultureInfo.InvariantCulture),
                $"{p.PositionBefore} -> {p.PositionAfter}", p.ExpectedShortageAvoided.ToString("F1", CultureInfo.InvariantCulture),
                p.Cost.ToString("F2", CultureInfo.InvariantCulture), p.Benefit.ToString("F2", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"plan run {plan.Run.Id} (forecast run {plan.Run.ForecastRunId}, as of {plan.Run.PlanDate:yyyy-MM-dd}): {plan.Proposals.Count:N0} proposals, total expected benefit {plan.TotalBenefit:N0}");
    }

    public static Command Proposals(IAnsiConsole console)
    {
        var command = new Command("proposals", "List stored proposals, decide on them (approve, edit, reject) and export the approved moves.");
        command.Subcommands.Add(List(console));
        foreach (var action in new[] { "approve", "edit", "reject" })
        {
            command.Subcommands.Add(Decide(console, action));
        }

        command.Subcommands.Add(Export(console));
        return command;
    }

    private static Command List(IAnsiConsole console)
    {
        var database = CommonOptions.Database();
        var status = new Option<string?>("--status") { Description = "proposed, approved, edited, rejected, exported or expired" };
        var top = new Option<int>("--top") { DefaultValueFactory = _ => 20 };
        var command = new Command("list", "Stored proposals, best benefit first.") { database, status, top };
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenAsync(result.GetValue(database)!, null, cancellationToken);
            var table = new Table().AddColumns("id", "version", "status", "sku", "from", "to", "units", "benefit");
            foreach (var p in await store.ListProposalsAsync(result.GetValue(status), null, result.GetValue(top), cancellationToken))
            {
                table.AddRow(p.Id.ToString(CultureInfo.InvariantCulture), p.Version.ToString(CultureInfo.InvariantCulture), p.Status, Markup.Escape(p.Proposal.Sku),
                    Markup.Escape(p.Proposal.From), Markup.Escape(p.Proposal.To), N(p.Quantity), p.Proposal.Benefit.ToString("F2", CultureInfo.InvariantCulture));
            }

            console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Decide(IAnsiConsole console, string action)
    {
        var database = CommonOptions.Database();
        var id = new Argument<long>("id") { Description = "proposal id" };
        var version = new Option<int>("--version") { Description = "the version you decided on (from proposals list): a newer one means someone else decided first", Required = true };
        var actor = new Option<string>("--actor") { Description = "who decides (recorded in the audit trail)", DefaultValueFactory = _ => Environment.UserName };
        var reason = new Option<string?>("--reason") { Description = "why (required to reject)" };
        var quantity = new Option<int?>("--quantity") { Description = "the new quantity (edit)" };
        var command = new Command(action, $"{char.ToUpperInvariant(action[0])}{action[1..]} a proposal.") { id, database, version, actor, reason };
        if (action == "edit")
        {
            command.Options.Add(quantity);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenAsync(result.GetValue(database)!, null, cancellationToken);
            var outcome = await store.DecideAsync(result.GetValue(id), result.GetValue(version), action, result.GetValue(actor)!, result.GetValue(quantity), result.GetValue(reason), cancellationToken);
            if (!outcome.Applied)
            {
                console.MarkupLineInterpolated($"[red]refused ({outcome.Refusal}):[/] {outcome.Reason}");
                return CliApp.ExitError;
            }

            console.MarkupLineInterpolated($"proposal {outcome.Current!.Id} is {outcome.Current.Status} (version {outcome.Current.Version}, {outcome.Current.Quantity} units)");
            return 0;
        });
        return command;
    }

    private static Command Export(IAnsiConsole console)
    {
        var database = CommonOptions.Database();
        var format = new Option<string>("--format") { Description = "csv or json", DefaultValueFactory = _ => "csv" };
        var output = new Option<FileInfo>("--out") { Required = true };
        var actor = new Option<string>("--actor") { DefaultValueFactory = _ => "export" };
        var command = new Command("export", "Write the approved (and edited) moves for the warehouse system and mark them exported.") { database, format, output, actor };
        command.SetAction(async (result, cancellationToken) =>
        {
            string kind = result.GetValue(format)!.ToLowerInvariant();
            if (kind is not ("csv" or "json"))
            {
                throw new ArgumentException($"--format must be csv or json (was '{kind}').");
            }

            var store = await StoreFactory.OpenAsync(result.GetValue(database)!, null, cancellationToken);
            string path = result.GetValue(output)!.FullName;
            var moves = await ProposalExport.ExportAsync(store, kind, result.GetValue(actor)!, content => File.WriteAllTextAsync(path, content, new UTF8Encoding(false), cancellationToken), cancellationToken);
            int exported = moves.Count;
            console.MarkupLineInterpolated($"{exported} approved moves written to {path} and marked exported");
            return 0;
        });
        return command;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

using System.CommandLine;
using System.Globalization;
using Forecasting.Core.Planning;
using Forecasting.Pipeline.Planning;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Workflow;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>
/// <c>forecasting plan</c> (plan stock moves from the latest forecast run and print the best) and
/// <c>forecasting proposals list|show|approve|edit|reject</c> (the supply planner's decisions, each with
/// the version the planner saw, taken through <see cref="ProposalDecisions"/>; approved moves leave through
/// <c>forecasting exports</c>).
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
        var command = new Command("proposals", "List stored proposals, show one with its reasons and history, and decide on them (approve, edit, reject). Approved moves leave through export batches (forecasting exports).");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Show(console));
        foreach (var action in new[] { DecisionAction.Approve, DecisionAction.Edit, DecisionAction.Reject })
        {
            command.Subcommands.Add(Decide(console, action));
        }

        return command;
    }

    private static Command List(IAnsiConsole console)
    {
        var database = CommonOptions.Database();
        var status = new Option<string?>("--status") { Description = string.Join(", ", Enum.GetValues<ProposalStatus>().Select(ProposalWire.Name)) };
        var top = new Option<int>("--top") { DefaultValueFactory = _ => 20 };
        var format = Listing.FormatOption();
        var command = new Command("list", "Stored proposals, best benefit first (after an edit: the benefit re-valued at the edited quantity).") { database, status, top, format };
        command.SetAction(async (result, cancellationToken) =>
        {
            ProposalStatus? filter = result.GetValue(status) is { } text ? ProposalWire.Parse<ProposalStatus>(text) : null;
            var store = await StoreFactory.OpenExistingAsync(result.GetValue(database)!, null, cancellationToken);
            var proposals = await store.ListProposalsAsync(filter, null, result.GetValue(top), cancellationToken);
            Listing.Write(console, result.GetValue(format), ["id", "version", "status", "sku", "from", "to", "units", "benefit"],
                proposals.Select(p => new object?[] { p.Id, p.Version, ProposalWire.Name(p.Status), p.Proposal.Sku, p.Proposal.From, p.Proposal.To, p.Quantity, Math.Round(p.Current.Benefit, 2) }));
            return 0;
        });
        return command;
    }

    private static Command Show(IAnsiConsole console)
    {
        var database = CommonOptions.Database();
        var id = new Argument<long>("id") { Description = "proposal id" };
        var command = new Command("show", "One proposal: the numbers behind it (the reasons), its limits, and every decision taken on it.") { id, database };
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenAsync(result.GetValue(database)!, null, cancellationToken);
            if (await store.GetProposalAsync(result.GetValue(id), cancellationToken) is not { } stored)
            {
                console.MarkupLineInterpolated($"[red]error:[/] no proposal {result.GetValue(id)}");
                return CliApp.ExitError;
            }

            var p = stored.Current;
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"proposal {stored.Id} (plan run {stored.PlanRunId}): {ProposalWire.Name(stored.Status)}, version {stored.Version}");
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"move {N(stored.Quantity)} units of {p.Sku} from {p.From} to {p.To}, arriving by {p.ArriveBy:yyyy-MM-dd} ({p.Kind})");
            var reasons = new Table().AddColumns("why", "value");
            reasons.AddRow("demand over the window", FormattableString.Invariant($"{p.DemandMean:F1} over {p.WindowDays} days (p10 {p.DemandP10:F1}, p90 {p.DemandP90:F1}; model {p.Model})"));
            reasons.AddRow("target", FormattableString.Invariant($"{p.Target:F1} (service level {p.ServiceLevel:P0})"));
            reasons.AddRow("position before -> after", FormattableString.Invariant($"{p.PositionBefore} -> {p.PositionAfter}"));
            reasons.AddRow("expected shortage avoided", p.ExpectedShortageAvoided.ToString("F1", CultureInfo.InvariantCulture));
            reasons.AddRow("cost / benefit", FormattableString.Invariant($"{p.Cost:F2} / {p.Benefit:F2}"));
            if (stored.Edited is not null)
            {
                reasons.AddRow("as planned", FormattableString.Invariant($"{stored.Proposal.Quantity} units, benefit {stored.Proposal.Benefit:F2}"));
            }

            if (p.Limits is { } limits)
            {
                reasons.AddRow("edit limits", FormattableString.Invariant($"whole cases of {limits.CasePack}, at least {limits.LaneMinimum}, at most {Math.Min(limits.SourceSurplus, limits.DestinationHeadroom)} (surplus {limits.SourceSurplus}, room {limits.DestinationHeadroom})"));
            }

            console.Write(reasons);
            var history = new Table().AddColumns("when", "who", "action", "units", "reason");
            foreach (var d in await store.ListDecisionsAsync(stored.Id, cancellationToken))
            {
                history.AddRow(d.DecidedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Markup.Escape(d.Actor), ProposalWire.Name(d.Action),
                    d.QuantityBefore == d.QuantityAfter ? $"{d.QuantityAfter}" : $"{d.QuantityBefore} -> {d.QuantityAfter}", Markup.Escape(d.Reason ?? ""));
            }

            console.Write(history);
            return 0;
        });
        return command;
    }

    private static Command Decide(IAnsiConsole console, DecisionAction action)
    {
        string name = ProposalWire.Name(action);
        var database = CommonOptions.Database();
        var id = new Argument<long>("id") { Description = "proposal id" };
        var version = new Option<int>("--version") { Description = "the version you decided on (from proposals list): a newer one means someone else decided first", Required = true };
        var actor = new Option<string>("--actor") { Description = "who decides (recorded in the audit trail; default: the OS user)", DefaultValueFactory = _ => Environment.UserName };
        var reason = new Option<string?>("--reason") { Description = "why (required to reject)" };
        var quantity = new Option<int?>("--quantity") { Description = "the new quantity (edit): whole cases, within the lane minimum, the source's surplus and the destination's room" };
        var command = new Command(name, $"{char.ToUpperInvariant(name[0])}{name[1..]} a proposal.") { id, database, version, actor, reason };
        if (action == DecisionAction.Edit)
        {
            command.Options.Add(quantity);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenAsync(result.GetValue(database)!, null, cancellationToken);
            var outcome = await new ProposalDecisions(store).DecideAsync(result.GetValue(id), result.GetValue(version), action, result.GetValue(actor)!, result.GetValue(quantity), result.GetValue(reason), cancellationToken);
            if (!outcome.Applied)
            {
                string rule = outcome.Rule is { } r ? $" [{r}]" : "";
                console.MarkupLineInterpolated($"[red]refused ({outcome.Refusal}{rule}):[/] {outcome.Reason}");
                return CliApp.ExitError;
            }

            var current = outcome.Current!;
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"proposal {current.Id} is {ProposalWire.Name(current.Status)} (version {current.Version}, {current.Quantity} units, benefit {current.Current.Benefit:F2})");
            return 0;
        });
        return command;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

using Forecasting.Core.Domain;
using Forecasting.Core.Planning;

namespace Forecasting.Core.Simulation;

/// <summary>
/// A planner policy's review: the planner plans the SKU from the forecasts and the ledger's stock (on hand, transfers in
/// transit; supplier orders not yet at the DC are not counted, nothing is committed) and every pre-positioning proposal is
/// approved as proposed, best first. A source with fewer units on hand than a proposal asks for sends what it has
/// (the position the planner saw counts units still on their way to it). The move counts for its benefit until the
/// destination's window ends.
/// </summary>
internal static class PlannedMoves
{
    public static void Apply(SkuLedger ledger, ReplenishmentPlanner planner, ReplayNetwork network, ReplaySku sku, char abcClass, string model,
        IReadOnlyList<RegionForecast> forecasts, int day, DateOnly date)
    {
        var positions = new InventoryPosition[network.Warehouses];
        for (int w = 0; w < positions.Length; w++)
        {
            positions[w] = new InventoryPosition(network.Network.Warehouses[w].Id, sku.Item.Sku, ledger.OnHand[w], ledger.InTransitTo(w), 0, date);
        }

        foreach (var proposal in planner.PlanSku(new SkuPlanInput(sku.Item, abcClass, model, forecasts, positions), date))
        {
            if (proposal.Kind != TransferProposal.PrePosition)
            {
                continue;
            }

            int from = network.IndexOf(proposal.From), to = network.IndexOf(proposal.To);
            int lead = proposal.ArriveBy.DayNumber - date.DayNumber;
            double cost = proposal.Quantity > 0 ? proposal.Cost / proposal.Quantity : 0;
            ledger.Transfer(day, from, to, proposal.Quantity, lead, cost, proposal.Benefit, day + proposal.WindowDays);
        }
    }
}

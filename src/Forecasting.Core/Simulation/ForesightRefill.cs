namespace Forecasting.Core.Simulation;

/// <summary>
/// A perfect-foresight rule (one of the <see cref="OracleCandidates"/>): every day, each regional warehouse with a lane from
/// the DC (lead L) gets from the DC exactly the units it will lack on day t + L (its stock projected from today's on hand, the
/// transfers arriving by then and the orders that will come), rounded up to whole case packs and the lane minimum, no more
/// than the DC has: stock leaves the DC as late as it can, so it stays pooled for every region until then.
/// </summary>
internal static class ForesightRefill
{
    public static void Apply(SkuLedger ledger, ReplayNetwork network, ReplaySku sku, int day, int lastDay)
    {
        int pack = Math.Max(1, sku.Item.CasePack);
        for (int w = 0; w < network.Warehouses; w++)
        {
            if (w == network.Central || network.Lane(network.Central, w) is not { } lane || day + lane.LeadTimeDays > lastDay)
            {
                continue;
            }

            long projected = ledger.OnHand[w];
            for (int k = 0; k < lane.LeadTimeDays; k++)
            {
                if (k > 0)
                {
                    projected += ledger.ArrivingAt(w, day + k);
                }

                projected = Math.Max(0, projected - Demand(network, sku, w, day + k));
            }

            int target = day + lane.LeadTimeDays;
            long missing = Demand(network, sku, w, target) - projected - (lane.LeadTimeDays > 0 ? ledger.ArrivingAt(w, target) : 0);
            if (missing <= 0)
            {
                continue;
            }

            int units = Math.Max(lane.MinQuantity, (int)((missing + pack - 1) / pack * pack));
            ledger.Transfer(day, network.Central, w, units, lane.LeadTimeDays, (double)lane.CostPerUnit, 0, target + 1);
        }
    }

    private static long Demand(ReplayNetwork network, ReplaySku sku, int warehouse, int day)
    {
        long units = 0;
        for (int r = 0; r < network.Regions; r++)
        {
            if (network.Home[r] == warehouse)
            {
                units += sku.Demand[r][day];
            }
        }

        return units;
    }
}

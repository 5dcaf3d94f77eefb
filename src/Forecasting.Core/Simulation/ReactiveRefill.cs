namespace Forecasting.Core.Simulation;

/// <summary>
/// The <see cref="ReplayPolicy.Reactive"/> rule, reviewed daily for each regional warehouse with a lane from the DC: with mu
/// its regions' mean daily orders over the last <see cref="ReplayOptions.DemandLookbackDays"/> and L the DC lane's lead time,
/// when a local order found no stock yesterday or the position (on hand + in transit) is below the reorder point mu (L + 1),
/// it is refilled up to mu (L + R) (R the planner's review period): whole case packs rounded up, at least the lane's
/// minimum, no more than the DC has on hand.
/// </summary>
internal static class ReactiveRefill
{
    public static void Apply(SkuLedger ledger, ReplayNetwork network, ReplaySku sku, int day, ReplayOptions options)
    {
        int review = options.Planner.ReviewPeriodDays;
        int pack = Math.Max(1, sku.Item.CasePack);
        for (int w = 0; w < network.Warehouses; w++)
        {
            if (w == network.Central || network.Lane(network.Central, w) is not { } lane)
            {
                continue;
            }

            double mean = DemandHistory.Mean(sku.Demand, network.RegionsOf[w], day, options.DemandLookbackDays);
            int position = ledger.OnHand[w] + ledger.InTransitTo(w);
            if (mean <= 0 || !(ledger.StockedOut[w] || position < mean * (lane.LeadTimeDays + 1)))
            {
                continue;
            }

            double missing = (mean * (lane.LeadTimeDays + review)) - position;
            if (missing <= 0)
            {
                continue;
            }

            int units = Math.Max(lane.MinQuantity, (int)(Math.Ceiling(missing / pack) * pack));
            ledger.Transfer(day, network.Central, w, units, lane.LeadTimeDays, (double)lane.CostPerUnit, 0, day + lane.LeadTimeDays + review);
        }
    }
}

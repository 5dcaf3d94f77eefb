namespace Forecasting.Core.Simulation;

/// <summary>One replayed day of one SKU under one policy, in the order of docs/simulation.md "A day".</summary>
internal static class ReplayDay
{
    /// <param name="decide">The policy's decisions of the day (after deliveries and the supplier order, before the orders).</param>
    public static void Run(SkuLedger ledger, ReplaySku sku, int day, int from, ReplayOptions options, ReplayDaily daily, ReplayPolicy policy, Action<SkuLedger> decide)
    {
        ledger.StartDay(day);
        if ((day - from) % options.SupplierReviewDays == 0)
        {
            double baseStock = CentralReplenishment.BaseStock(sku.Demand, day, options);
            ledger.OrderFromSupplier(day, CentralReplenishment.OrderQuantity(baseStock, ledger.NetworkPosition(), sku.Item.CasePack));
        }

        decide(ledger);
        var totals = ledger.Totals;
        long demand = totals.DemandUnits, local = totals.LocalUnits, sold = totals.SoldUnits;
        ledger.Serve(day);
        int d = day - from;
        daily.Demand[d] += totals.DemandUnits - demand;
        daily.Local[d] += totals.LocalUnits - local;
        daily.Sold[d] += totals.SoldUnits - sold;
        ledger.EndDay(daily.OnHand, d);
        ledger.CheckConservation(day, policy);
    }
}

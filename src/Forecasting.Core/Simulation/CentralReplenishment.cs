using Forecasting.Core.Forecasting;

namespace Forecasting.Core.Simulation;

/// <summary>
/// The central DC's supplier orders, the same rule under every policy (a periodic-review base-stock policy): every
/// <see cref="ReplayOptions.SupplierReviewDays"/> the SKU's network position (on hand everywhere + every shipment on the
/// way, supplier orders included) is raised to the base-stock level S = mu (L + R) + z sigma sqrt(L + R), mu and sigma the
/// mean and standard deviation of the network's daily orders over the last <see cref="ReplayOptions.DemandLookbackDays"/>,
/// L the supplier lead time, R the review period, z the <see cref="ReplayOptions.SupplierServiceLevel"/> quantile;
/// orders are whole case packs (rounded up) and arrive at the DC after L days.
/// </summary>
internal static class CentralReplenishment
{
    public static double BaseStock(int[][] demand, int day, ReplayOptions options)
    {
        var (mean, sd) = DemandHistory.Network(demand, day, options.DemandLookbackDays);
        double cover = options.SupplierLeadDays + options.SupplierReviewDays;
        return (mean * cover) + (NormalDistribution.InverseCdf(options.SupplierServiceLevel) * sd * Math.Sqrt(cover));
    }

    public static int OrderQuantity(double baseStock, long networkPosition, int casePack)
    {
        double missing = baseStock - networkPosition;
        if (missing <= 0)
        {
            return 0;
        }

        int pack = Math.Max(1, casePack);
        return (int)Math.Min(int.MaxValue / 2, Math.Ceiling(missing / pack) * pack);
    }

    /// <summary>Starting stock when the input gives none: each regional warehouse holds
    /// <see cref="ReplayOptions.StartingRegionalCoverDays"/> of its regions' trailing mean demand (rounded), the DC the rest of
    /// the base-stock level.</summary>
    public static int[] StartingStock(ReplayNetwork network, int[][] demand, int day, ReplayOptions options)
    {
        var stock = new int[network.Warehouses];
        long regional = 0;
        for (int w = 0; w < network.Warehouses; w++)
        {
            if (w == network.Central)
            {
                continue;
            }

            stock[w] = (int)Math.Round(DemandHistory.Mean(demand, network.RegionsOf[w], day, options.DemandLookbackDays) * options.StartingRegionalCoverDays);
            regional += stock[w];
        }

        double own = DemandHistory.Mean(demand, network.RegionsOf[network.Central], day, options.DemandLookbackDays) * options.StartingRegionalCoverDays;
        stock[network.Central] = (int)Math.Max(Math.Round(own), Math.Round(BaseStock(demand, day, options) - regional));
        return stock;
    }
}

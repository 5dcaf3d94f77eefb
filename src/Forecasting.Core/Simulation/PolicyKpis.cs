namespace Forecasting.Core.Simulation;

/// <summary>Average stock of one warehouse and how many days of its shipments it covers (NaN when it shipped nothing).</summary>
public sealed record WarehouseKpis(string Warehouse, double AverageInventory, double DaysOfCover);

/// <summary>
/// The KPIs of one policy over a replay (docs/simulation.md "KPIs"): local fill rate = units shipped from the region's own
/// warehouse / units shipped; mean delivery days over units shipped; lost units and their revenue; split shipments;
/// transfers; holding cost; average units on hand (all warehouses); profit = margin of the units sold - transfer cost -
/// remote delivery cost - holding cost; the share of the oracle's profit gain over <c>none</c> the policy captures
/// ((profit - none) / (oracle - none), NaN without both or without a gain); and for the planner policies the planner's
/// predicted benefit of the moves approved against the benefit they realised (sales-only and anticipatory; null for the others).
/// </summary>
public sealed record PolicyKpis(
    ReplayPolicy Policy,
    double LocalFillRate,
    double MeanDeliveryDays,
    long LostUnits,
    double LostRevenue,
    long SplitShipments,
    long TransferUnits,
    double TransferCost,
    double HoldingCost,
    double AverageInventory,
    double Profit,
    double OracleGainShare,
    double? PredictedBenefit,
    double? RealisedBenefit,
    IReadOnlyList<WarehouseKpis> Warehouses)
{
    /// <summary>Units sold / units ordered.</summary>
    public double FillRate { get; init; }

    public static PolicyKpis Of(PolicyOutcome outcome, int days, IReadOnlyList<string> warehouses, double? noneProfit, double? oracleProfit)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(warehouses);
        var t = outcome.Totals;
        double gain = noneProfit is { } n && oracleProfit is { } o && o - n > 1e-9 ? (t.Profit - n) / (o - n) : double.NaN;
        bool planned = outcome.Policy is ReplayPolicy.SalesOnly or ReplayPolicy.Anticipatory; // the oracle's moves are not all the planner's
        var byWarehouse = warehouses.Select((w, i) => new WarehouseKpis(w, (double)t.InventoryUnitDaysByWarehouse[i] / days,
            t.ShippedByWarehouse[i] > 0 ? (double)t.InventoryUnitDaysByWarehouse[i] / t.ShippedByWarehouse[i] : double.NaN)).ToList();
        return new PolicyKpis(outcome.Policy, Ratio(t.LocalUnits, t.SoldUnits), Ratio(t.DeliveryDays, t.SoldUnits), t.LostUnits, t.LostRevenue, t.SplitShipments,
            t.TransferUnits, t.TransferCost, t.HoldingCost, (double)t.InventoryUnitDays / days, t.Profit, gain,
            planned ? t.PredictedBenefit : null, planned ? t.RealisedBenefit : null, byWarehouse)
        {
            FillRate = Ratio(t.SoldUnits, t.DemandUnits),
        };
    }

    private static double Ratio(long a, long b) => b > 0 ? (double)a / b : double.NaN;
}

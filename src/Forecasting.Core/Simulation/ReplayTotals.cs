namespace Forecasting.Core.Simulation;

/// <summary>
/// What one policy did over a replay, summed (per SKU, then over SKUs in SKU order so the sums do not depend on threads).
/// Money in the platform's currency; units are whole.
/// </summary>
public sealed class ReplayTotals
{
    public ReplayTotals(int warehouses)
    {
        InventoryUnitDaysByWarehouse = new long[warehouses];
        ShippedByWarehouse = new long[warehouses];
    }

    /// <summary>Units ordered.</summary>
    public long DemandUnits { get; set; }

    /// <summary>Units shipped to customers (from the region's own warehouse or another).</summary>
    public long SoldUnits { get; set; }

    /// <summary>Units shipped from the region's own warehouse.</summary>
    public long LocalUnits { get; set; }

    /// <summary>Sum over shipped units of their delivery days.</summary>
    public long DeliveryDays { get; set; }

    public long LostUnits { get; set; }

    public double LostRevenue { get; set; }

    /// <summary>Dispatches (SKU, region, day, warehouse) from a warehouse other than the region's own.</summary>
    public long SplitShipments { get; set; }

    public double RemoteDeliveryCost { get; set; }

    public long TransferUnits { get; set; }

    public double TransferCost { get; set; }

    public double HoldingCost { get; set; }

    /// <summary>Margin (price - unit cost) of the units shipped.</summary>
    public double Margin { get; set; }

    /// <summary>Units bought from suppliers into the central DC.</summary>
    public long SupplierUnits { get; set; }

    /// <summary>Sum over days of units on hand (all warehouses).</summary>
    public long InventoryUnitDays { get; set; }

    public long[] InventoryUnitDaysByWarehouse { get; }

    public long[] ShippedByWarehouse { get; }

    /// <summary>Moves the policy sent (planner proposals approved, or reactive refills).</summary>
    public long Moves { get; set; }

    /// <summary>The planner's expected benefit of the moves it proposed and the policy approved.</summary>
    public double PredictedBenefit { get; set; }

    /// <summary>The benefit those moves realised in the replay (docs/simulation.md "Calibration").</summary>
    public double RealisedBenefit { get; set; }

    /// <summary>Margin - transfer cost - remote delivery cost - holding cost.</summary>
    public double Profit => Margin - TransferCost - RemoteDeliveryCost - HoldingCost;

    public void Add(ReplayTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        DemandUnits += other.DemandUnits;
        SoldUnits += other.SoldUnits;
        LocalUnits += other.LocalUnits;
        DeliveryDays += other.DeliveryDays;
        LostUnits += other.LostUnits;
        LostRevenue += other.LostRevenue;
        SplitShipments += other.SplitShipments;
        RemoteDeliveryCost += other.RemoteDeliveryCost;
        TransferUnits += other.TransferUnits;
        TransferCost += other.TransferCost;
        HoldingCost += other.HoldingCost;
        Margin += other.Margin;
        SupplierUnits += other.SupplierUnits;
        InventoryUnitDays += other.InventoryUnitDays;
        Moves += other.Moves;
        PredictedBenefit += other.PredictedBenefit;
        RealisedBenefit += other.RealisedBenefit;
        for (int w = 0; w < ShippedByWarehouse.Length; w++)
        {
            InventoryUnitDaysByWarehouse[w] += other.InventoryUnitDaysByWarehouse[w];
            ShippedByWarehouse[w] += other.ShippedByWarehouse[w];
        }
    }
}

namespace Forecasting.Core.Domain;

/// <summary>Stock of one SKU at one warehouse as of a day.</summary>
/// <param name="Committed">Units already promised to open orders (not available to cover new demand).</param>
public sealed record InventoryPosition(string Warehouse, string Sku, int OnHand, int InTransit, int Committed, DateOnly AsOf)
{
    /// <summary>Inventory position as the planner uses it: on hand + in transit - committed.</summary>
    public int Position => OnHand + InTransit - Committed;
}

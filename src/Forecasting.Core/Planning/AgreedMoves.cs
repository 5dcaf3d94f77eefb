using Forecasting.Core.Domain;

namespace Forecasting.Core.Planning;

/// <summary>
/// Moves planners agreed to (approved or edited) but not yet exported survive a new plan, so the new plan plans
/// around them: each one's quantity counts as in transit at its destination and as committed at its source, exactly
/// as if it were already on its way. Without this a new plan would propose the same stock again.
/// </summary>
public static class AgreedMoves
{
    /// <summary>The positions of one SKU with <paramref name="moves"/> (of that SKU) counted in; positions missing at a
    /// destination or source are added (as of <paramref name="asOf"/>).</summary>
    public static IReadOnlyList<InventoryPosition> CountIn(IReadOnlyList<InventoryPosition> positions, IEnumerable<(string Sku, string From, string To, int Quantity)> moves, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(moves);
        var byWarehouse = positions.ToDictionary(p => p.Warehouse, StringComparer.Ordinal);
        bool changed = false;
        foreach (var (sku, from, to, quantity) in moves)
        {
            var destination = byWarehouse.GetValueOrDefault(to) ?? new InventoryPosition(to, sku, 0, 0, 0, asOf);
            byWarehouse[to] = destination with { InTransit = destination.InTransit + quantity };
            var source = byWarehouse.GetValueOrDefault(from) ?? new InventoryPosition(from, sku, 0, 0, 0, asOf);
            byWarehouse[from] = source with { Committed = source.Committed + quantity };
            changed = true;
        }

        return changed ? [.. byWarehouse.Values] : positions;
    }
}

using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Signals;

namespace Forecasting.Core.Simulation;

/// <summary>One SKU of a replay: its catalog entry and its daily orders per region.</summary>
/// <param name="Demand">Units ordered per region (the network's region order) and day (day 0 = <see cref="ReplayInput.Start"/>),
/// every array as long as <see cref="ReplayInput.Days"/>. Orders, not sales: a lost sale was still ordered.</param>
/// <param name="StartingStock">Units on hand per warehouse (the network's warehouse order) on the first replayed day;
/// null: the starting rule of docs/simulation.md.</param>
public sealed record ReplaySku(CatalogItem Item, int[][] Demand, int[]? StartingStock = null);

/// <summary>
/// What a replay runs on: the network, the SKUs with their past orders, and the interest signals the anticipatory
/// policy reads (aligned per series as <see cref="SeriesSignals"/>; empty: anticipatory plans from sales alone).
/// Days [0, <see cref="ReplayFrom"/>) are history only; days [<see cref="ReplayFrom"/>, <see cref="Days"/>) are replayed.
/// </summary>
public sealed record ReplayInput(Network Network, DateOnly Start, int Days, int ReplayFrom, IReadOnlyList<ReplaySku> Skus, SignalPanel Signals)
{
    /// <summary>Days replayed.</summary>
    public int ReplayDays => Days - ReplayFrom;

    /// <exception cref="ArgumentException">The first inconsistency found, naming the SKU, region or warehouse.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Network);
        ArgumentNullException.ThrowIfNull(Skus);
        ArgumentNullException.ThrowIfNull(Signals);
        if (ReplayFrom < 1 || ReplayFrom >= Days)
        {
            throw new ArgumentException($"The replay must start after at least one day of history and end inside the data (from day {ReplayFrom} of {Days}).");
        }

        if (Network.Warehouses.Count(w => w.IsCentral) != 1)
        {
            throw new ArgumentException($"A replay needs exactly one central DC (the network has {Network.Warehouses.Count(w => w.IsCentral)}).");
        }

        foreach (var region in Network.Regions)
        {
            int serving = Network.Warehouses.Count(w => w.RegionsServed.Contains(region.Id));
            if (serving != 1)
            {
                throw new ArgumentException($"Region {region.Id} is served by {serving} warehouses; a replay needs exactly one per region.");
            }
        }

        var ids = Network.Warehouses.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        if (Network.Lanes.FirstOrDefault(l => !ids.Contains(l.From) || !ids.Contains(l.To) || l.LeadTimeDays < 0 || l.CostPerUnit < 0) is { } bad)
        {
            throw new ArgumentException($"Lane {bad.From} -> {bad.To}: unknown warehouse, negative lead time or negative cost.");
        }

        foreach (var sku in Skus)
        {
            if (sku.Demand.Length != Network.Regions.Count || sku.Demand.Any(d => d.Length != Days || d.Any(u => u < 0)))
            {
                throw new ArgumentException($"SKU {sku.Item.Sku}: demand needs {Network.Regions.Count} regions x {Days} days of non-negative units.");
            }

            if (sku.StartingStock is { } stock && (stock.Length != Network.Warehouses.Count || stock.Any(u => u < 0)))
            {
                throw new ArgumentException($"SKU {sku.Item.Sku}: starting stock needs {Network.Warehouses.Count} non-negative values (one per warehouse).");
            }
        }
    }
}

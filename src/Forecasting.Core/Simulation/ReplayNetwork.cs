using Forecasting.Core.Domain;

namespace Forecasting.Core.Simulation;

/// <summary>A warehouse that can serve another warehouse's region: <paramref name="ExtraDays"/> = its lane's lead time.</summary>
internal readonly record struct Reach(int Warehouse, int ExtraDays, double CostPerUnit);

/// <summary>
/// The network as index tables for the replay: the central DC, each region's warehouse, and for each warehouse the others
/// in reach of its customers (a lane into it no longer than <see cref="ReplayOptions.MaxExtraDeliveryDays"/>), fastest first,
/// then cheapest, then by id.
/// </summary>
internal sealed class ReplayNetwork
{
    private readonly Dictionary<(int From, int To), Lane> _lanes = [];

    public ReplayNetwork(Network network, ReplayOptions options)
    {
        Network = network;
        var index = network.Warehouses.Select((w, i) => (w.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        Central = network.Warehouses.Select((w, i) => (w, i)).Single(p => p.w.IsCentral).i;
        Home = [.. network.Regions.Select(r => network.Warehouses.Select((w, i) => (w, i)).Single(p => p.w.RegionsServed.Contains(r.Id)).i)];
        foreach (var lane in network.Lanes.Where(l => l.From != l.To))
        {
            var key = (index[lane.From], index[lane.To]);
            if (!_lanes.TryGetValue(key, out var known) || (lane.LeadTimeDays, lane.CostPerUnit).CompareTo((known.LeadTimeDays, known.CostPerUnit)) < 0)
            {
                _lanes[key] = lane;
            }
        }

        RegionsOf = [.. network.Warehouses.Select((_, w) => Enumerable.Range(0, Home.Length).Where(r => Home[r] == w).ToArray())];
        InReach = new Reach[network.Warehouses.Count][];
        for (int to = 0; to < InReach.Length; to++)
        {
            InReach[to] = [.. _lanes.Where(p => p.Key.To == to && p.Value.LeadTimeDays <= options.MaxExtraDeliveryDays)
                .Select(p => new Reach(p.Key.From, p.Value.LeadTimeDays, (double)p.Value.CostPerUnit))
                .OrderBy(r => r.Warehouse == Central ? 0 : 1).ThenBy(r => r.ExtraDays).ThenBy(r => r.CostPerUnit).ThenBy(r => network.Warehouses[r.Warehouse].Id, StringComparer.Ordinal)];
        }
    }

    public Network Network { get; }

    public int Warehouses => Network.Warehouses.Count;

    public int Regions => Network.Regions.Count;

    public int Central { get; }

    /// <summary>The warehouse serving each region.</summary>
    public int[] Home { get; }

    /// <summary>Per warehouse: the regions it serves.</summary>
    public int[][] RegionsOf { get; }

    /// <summary>Per warehouse: the other warehouses that can serve its customers, fastest first.</summary>
    public Reach[][] InReach { get; }

    public int IndexOf(string warehouse)
    {
        for (int i = 0; i < Network.Warehouses.Count; i++)
        {
            if (Network.Warehouses[i].Id == warehouse)
            {
                return i;
            }
        }

        throw new ArgumentException($"Unknown warehouse {warehouse}.", nameof(warehouse));
    }

    /// <summary>The fastest (then cheapest) lane from one warehouse to another, or null.</summary>
    public Lane? Lane(int from, int to) => _lanes.GetValueOrDefault((from, to));
}

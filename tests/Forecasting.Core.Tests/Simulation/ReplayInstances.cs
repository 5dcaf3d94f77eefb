using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Signals;
using Forecasting.Core.Simulation;

namespace Forecasting.Core.Tests.Simulation;

/// <summary>Small replay inputs: hand-sized networks and random ones (seeded System.Random: each seed is a different instance).</summary>
internal static class ReplayInstances
{
    public static readonly DateOnly Start = new(2026, 1, 5);

    public static CatalogItem Item(string sku, decimal price = 10, decimal cost = 4, int casePack = 1) => new(sku, "dresses", "", "", "", null, price, cost, casePack);

    /// <summary>A DC and one regional warehouse WH-A serving region A; the lane DC -> WH-A takes 1 day at 0.50 a unit.</summary>
    public static Network TwoWarehouses() => new(
        [new Region("A", "A", "DE")],
        [new Warehouse("DC", [], 50, 8, 100_000, true), new Warehouse("WH-A", ["A"], 52, 9, 100_000, false)],
        [new Lane("DC", "WH-A", 1, 0.5m, 0)]);

    /// <summary>A random network: a DC and 2-3 regional warehouses, DC lanes 1-3 days, some lanes between warehouses, with
    /// minimum quantities; 2-4 SKUs with random prices, case packs and Poisson demand (some with a step up mid-way).</summary>
    public static ReplayInput Random(int seed, int historyDays = 42, int replayDays = 35)
    {
        var random = new Random(seed);
        int regions = random.Next(2, 4);
        var regionList = Enumerable.Range(0, regions).Select(r => new Region($"R{r}", $"R{r}", "DE")).ToList();
        var warehouses = new List<Warehouse> { new("DC", [], 50, 8, 1_000_000, true) };
        warehouses.AddRange(regionList.Select((r, i) => new Warehouse($"WH-{r.Id}", [r.Id], 50 + i, 9, 1_000_000, false)));
        var lanes = new List<Lane>();
        foreach (var w in warehouses.Skip(1))
        {
            lanes.Add(new Lane("DC", w.Id, random.Next(1, 4), Math.Round((decimal)(0.2 + random.NextDouble()), 2), random.Next(0, 2) * 6));
            foreach (var other in warehouses.Skip(1).Where(o => o.Id != w.Id && random.NextDouble() < 0.5))
            {
                lanes.Add(new Lane(w.Id, other.Id, random.Next(1, 3), Math.Round((decimal)(0.3 + random.NextDouble()), 2), 12));
            }
        }

        var network = new Network(regionList, warehouses, lanes);
        int days = historyDays + replayDays;
        var skus = Enumerable.Range(0, random.Next(2, 5)).Select(i =>
        {
            decimal price = Math.Round((decimal)(5 + (random.NextDouble() * 60)), 2);
            var item = Item($"S{i}", price, Math.Round(price * (decimal)(0.3 + (random.NextDouble() * 0.3)), 2), random.Next(1, 3) == 1 ? 1 : 6);
            var demand = regionList.Select(_ =>
            {
                double rate = random.NextDouble() * 6, step = random.NextDouble() < 0.3 ? 1 + (random.NextDouble() * 3) : 1;
                int stepDay = historyDays + random.Next(0, replayDays);
                return Enumerable.Range(0, days).Select(t => Poisson(random, rate * (t >= stepDay ? step : 1))).ToArray();
            }).ToArray();
            return new ReplaySku(item, demand);
        }).ToList();
        return new ReplayInput(network, Start, days, historyDays, skus, SignalPanel.Empty);
    }

    private static int Poisson(Random random, double mean)
    {
        double limit = Math.Exp(-mean), product = random.NextDouble();
        int k = 0;
        while (product > limit)
        {
            product *= random.NextDouble();
            k++;
        }

        return k;
    }
}

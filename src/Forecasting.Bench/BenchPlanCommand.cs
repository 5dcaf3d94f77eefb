using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Forecasting.Pipeline.Telemetry;
using Forecasting.Core.Domain;
using Forecasting.Core.Planning;
using Forecasting.Core.Synthetic;
using Spectre.Console;

namespace Forecasting.Bench;

/// <summary>
/// <c>forecasting bench plan</c>: plans N SKUs over a network of W warehouses (one central DC, the others each
/// serving one region; lanes from the DC to all and between neighbouring warehouses), with 28-day forecasts
/// and positions drawn per SKU (deterministic), on all cores; reports time, SKUs/s, proposals and peak RSS.
/// Inputs are made per SKU inside the loop, so memory stays bounded whatever N.
/// </summary>
internal static class BenchPlanCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var skus = new Option<int>("--skus") { DefaultValueFactory = _ => 100_000 };
        var warehouses = new Option<int>("--warehouses") { DefaultValueFactory = _ => 20 };
        var command = new Command("plan", "SKUs planned per second over a synthetic network, with peak RSS.") { skus, warehouses };
        command.SetAction((result, cancellationToken) =>
        {
            Run(console, result.GetValue(skus), result.GetValue(warehouses), cancellationToken);
            return Task.FromResult(0);
        });
        return command;
    }

    private static void Run(IAnsiConsole console, int skuCount, int warehouseCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(warehouseCount, 2);
        var network = SyntheticNetwork(warehouseCount);
        var planner = new ReplenishmentPlanner(network, null, () => new Forecasting.Pipeline.Planning.OrToolsMinCostFlow()); // the service's solver
        var today = new DateOnly(2026, 3, 2);
        ProcessMemory.ResetPeak();
        var clock = Stopwatch.StartNew();
        long proposals = 0;
        double benefit = 0;
        var totals = new ConcurrentBag<(long Count, double Benefit)>();
        Parallel.For(0, skuCount, new ParallelOptions { CancellationToken = cancellationToken }, () => (Count: 0L, Benefit: 0.0), (s, _, local) =>
        {
            var plan = planner.PlanSku(Input(s, network, today), today);
            return (local.Count + plan.Count, local.Benefit + plan.Sum(p => p.Benefit));
        }, local => totals.Add(local));
        foreach (var (count, value) in totals)
        {
            proposals += count;
            benefit += value;
        }

        double seconds = clock.Elapsed.TotalSeconds;
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"planned {skuCount:N0} SKUs x {warehouseCount} warehouses in {seconds:F1} s ({skuCount / seconds:N0} SKUs/s, {Environment.ProcessorCount} cores): {proposals:N0} proposals, expected benefit {benefit:N0}; peak RSS {ProcessMemory.Peak() / 1048576.0:F0} MiB");
    }

    private static Network SyntheticNetwork(int count)
    {
        var regions = Enumerable.Range(1, count - 1).Select(i => new Forecasting.Core.Domain.Region($"r{i}", $"Region {i}", "EU")).ToList();
        var warehouses = new List<Warehouse> { new("dc", [], 50, 8, 1_000_000, true) };
        warehouses.AddRange(regions.Select((r, i) => new Warehouse($"w{i + 1}", [r.Id], 45 + i, 5 + i, 50_000, false)));
        var lanes = new List<Lane>();
        for (int i = 1; i < count; i++)
        {
            lanes.Add(new Lane("dc", $"w{i}", 2 + (i % 3), 0.4m, 0));
            foreach (int j in new[] { i - 1, i + 1 }.Where(j => j >= 1 && j < count))
            {
                lanes.Add(new Lane($"w{i}", $"w{j}", 1, 0.15m, i % 4 == 0 ? 12 : 0));
            }
        }

        return new Network(regions, warehouses, lanes);
    }

    private static SkuPlanInput Input(int index, Network network, DateOnly today)
    {
        var random = RandomSource.For(2026, 11, (ulong)index);
        string sku = "SKU" + index.ToString("D6", CultureInfo.InvariantCulture);
        var forecasts = new List<RegionForecast>(network.Regions.Count);
        var positions = new List<InventoryPosition>(network.Warehouses.Count);
        foreach (var region in network.Regions)
        {
            double level = random.Uniform(0, 8);
            var mean = new double[28];
            var p10 = new double[28];
            var p90 = new double[28];
            for (int d = 0; d < 28; d++)
            {
                mean[d] = level * (1 + (0.2 * Math.Sin(d)));
                p10[d] = mean[d] * 0.4;
                p90[d] = mean[d] * 1.7;
            }

            forecasts.Add(new RegionForecast(region.Id, mean, p10, p90));
        }

        foreach (var w in network.Warehouses)
        {
            positions.Add(new InventoryPosition(w.Id, sku, (int)random.Uniform(0, w.IsCentral ? 400 : 120), (int)random.Uniform(0, 10), (int)random.Uniform(0, 5), today));
        }

        var item = new CatalogItem(sku, "dresses", "", "", "", null, 30, 12, 1 + (index % 4));
        return new SkuPlanInput(item, "ABC"[index % 3], "Auto", forecasts, positions);
    }
}

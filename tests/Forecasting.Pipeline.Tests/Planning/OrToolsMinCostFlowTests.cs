using Forecasting.Core.Planning;
using Forecasting.Pipeline.Planning;

namespace Forecasting.Pipeline.Tests.Planning;

/// <summary>The service's solver (Google OR-Tools) against the built-in successive-shortest-paths solver: two
/// independent implementations must agree on the maximum flow and its least cost.</summary>
public class OrToolsMinCostFlowTests
{
    [Fact]
    public void OR_Tools_and_the_reference_solver_agree_on_random_planning_graphs()
    {
        var random = new Random(5);
        for (int instance = 0; instance < 300; instance++)
        {
            int warehouses = random.Next(2, 9);
            var supply = Enumerable.Range(0, warehouses).Select(_ => random.Next(0, 3) == 0 ? 0L : random.Next(0, 60)).ToArray();
            var demand = Enumerable.Range(0, warehouses).Select(i => supply[i] > 0 ? 0L : random.Next(0, 60)).ToArray();
            var lanes = new List<(int From, int To, double Cost)>();
            for (int i = 0; i < warehouses; i++)
            {
                for (int j = 0; j < warehouses; j++)
                {
                    if (i != j && random.NextDouble() < 0.5)
                    {
                        lanes.Add((i, j, Math.Round(random.NextDouble(), 2)));
                    }
                }
            }

            var reference = Solve(new MinCostFlow(), supply, demand, lanes);
            var orTools = Solve(new OrToolsMinCostFlow(), supply, demand, lanes);

            Assert.Equal(reference.Flow, orTools.Flow);
            Assert.Equal(reference.Cost, orTools.Cost, 6);
        }
    }

    [Fact]
    public void The_planner_proposes_the_same_moves_with_either_solver()
    {
        var network = new Core.Domain.Network(
            [new("r1", "", ""), new("r2", "", ""), new("r3", "", "")],
            [new("dc", [], 0, 0, 10_000, true), new("w1", ["r1"], 0, 0, 500, false), new("w2", ["r2"], 0, 0, 500, false), new("w3", ["r3"], 0, 0, 90, false)],
            [new("dc", "w1", 2, 0.5m, 0), new("dc", "w2", 2, 0.5m, 0), new("dc", "w3", 3, 0.6m, 20), new("w2", "w1", 1, 0.1m, 0), new("w1", "w3", 1, 0.2m, 0)]);
        var today = new DateOnly(2026, 3, 2);
        RegionForecast Flat(string region, double perDay) => new(region, Enumerable.Repeat(perDay, 28).ToArray(), Enumerable.Repeat(perDay * 0.6, 28).ToArray(), Enumerable.Repeat(perDay * 1.5, 28).ToArray());
        var input = new SkuPlanInput(new Core.Domain.CatalogItem("S", "", "", "", "", null, 30, 12, 2), 'A', "Auto",
            [Flat("r1", 12), Flat("r2", 1), Flat("r3", 9)],
            [new("dc", "S", 400, 0, 0, today), new("w1", "S", 20, 0, 0, today), new("w2", "S", 90, 0, 0, today), new("w3", "S", 5, 0, 0, today)]);

        var builtIn = new ReplenishmentPlanner(network).PlanSku(input, today);
        var withOrTools = new ReplenishmentPlanner(network, null, () => new OrToolsMinCostFlow()).PlanSku(input, today);

        Assert.NotEmpty(builtIn);
        Assert.Equal(builtIn.Select(p => (p.From, p.To, p.Quantity)), withOrTools.Select(p => (p.From, p.To, p.Quantity)));
    }

    private static (long Flow, double Cost) Solve(IMinCostFlow graph, long[] supply, long[] demand, List<(int From, int To, double Cost)> lanes)
    {
        int source = graph.AddNode(), sink = graph.AddNode();
        int[] nodes = [.. supply.Select(_ => graph.AddNode())];
        for (int i = 0; i < supply.Length; i++)
        {
            if (supply[i] > 0)
            {
                graph.AddEdge(source, nodes[i], supply[i], 0);
            }

            if (demand[i] > 0)
            {
                graph.AddEdge(nodes[i], sink, demand[i], 0);
            }
        }

        foreach (var (from, to, cost) in lanes)
        {
            graph.AddEdge(nodes[from], nodes[to], long.MaxValue / 4, cost);
        }

        return graph.Solve(source, sink);
    }
}

using Forecasting.Core.Planning;

namespace Forecasting.Core.Tests.Planning;

public class MinCostFlowTests
{
    [Fact]
    public void A_hand_computed_transportation_problem_is_solved_at_least_cost()
    {
        // Supplies A 5, B 4; demands X 3, Y 6. Costs A->X 1, A->Y 4, B->X 2, B->Y 1.
        // Optimum: B sends 4 to Y (4), A sends 3 to X (3) and 2 to Y (8): cost 15.
        var (graph, s, t, edges) = Transportation([5, 4], [3, 6], [[1, 4], [2, 1]]);

        var (flow, cost) = graph.Solve(s, t);

        Assert.Equal((9L, 15.0), (flow, cost));
        Assert.Equal([3L, 2L, 0L, 4L], edges.Select(graph.Flow));
    }

    [Fact]
    public void Flow_stops_at_the_limit_and_prefers_the_cheaper_path()
    {
        var graph = new MinCostFlow();
        int s = graph.AddNode(), a = graph.AddNode(), b = graph.AddNode(), t = graph.AddNode();
        int viaA = graph.AddEdge(s, a, 10, 1);
        graph.AddEdge(a, t, 10, 1);
        int viaB = graph.AddEdge(s, b, 10, 0.5);
        graph.AddEdge(b, t, 3, 0.5);

        var (flow, cost) = graph.Solve(s, t, limit: 5);

        Assert.Equal((5L, 3 * 1.0 + 2 * 2.0), (flow, cost));
        Assert.Equal((2L, 3L), (graph.Flow(viaA), graph.Flow(viaB)));
    }

    [Fact]
    public void Random_small_instances_match_brute_force_and_conserve_flow()
    {
        var random = new Random(7);
        for (int instance = 0; instance < 200; instance++)
        {
            int sources = random.Next(1, 3), sinks = random.Next(1, 4);
            long[] supply = [.. Enumerable.Range(0, sources).Select(_ => (long)random.Next(0, 4))];
            long[] demand = [.. Enumerable.Range(0, sinks).Select(_ => (long)random.Next(0, 4))];
            double[][] cost = [.. Enumerable.Range(0, sources).Select(_ => Enumerable.Range(0, sinks).Select(_ => (double)random.Next(0, 6)).ToArray())];
            var (graph, s, t, edges) = Transportation(supply, demand, cost);

            var (flow, total) = graph.Solve(s, t);
            var (bestFlow, bestCost) = BruteForce(supply, demand, cost);

            Assert.Equal(bestFlow, flow);
            Assert.Equal(bestCost, total, 9);
            for (int i = 0; i < sources; i++)
            {
                Assert.True(Enumerable.Range(0, sinks).Sum(j => graph.Flow(edges[(i * sinks) + j])) <= supply[i]);
            }

            for (int j = 0; j < sinks; j++)
            {
                Assert.True(Enumerable.Range(0, sources).Sum(i => graph.Flow(edges[(i * sinks) + j])) <= demand[j]);
            }
        }
    }

    [Fact]
    public void Negative_costs_and_unknown_nodes_are_refused()
    {
        var graph = new MinCostFlow();
        int a = graph.AddNode(), b = graph.AddNode();

        Assert.Throws<ArgumentOutOfRangeException>(() => graph.AddEdge(a, b, 1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.AddEdge(a, 7, 1, 1));
    }

    private static (MinCostFlow Graph, int Source, int Sink, List<int> Edges) Transportation(long[] supply, long[] demand, double[][] cost)
    {
        var graph = new MinCostFlow();
        int s = graph.AddNode(), t = graph.AddNode();
        int[] from = [.. supply.Select(_ => graph.AddNode())];
        int[] to = [.. demand.Select(_ => graph.AddNode())];
        var edges = new List<int>();
        for (int i = 0; i < supply.Length; i++)
        {
            graph.AddEdge(s, from[i], supply[i], 0);
            for (int j = 0; j < demand.Length; j++)
            {
                edges.Add(graph.AddEdge(from[i], to[j], long.MaxValue / 4, cost[i][j]));
            }
        }

        for (int j = 0; j < demand.Length; j++)
        {
            graph.AddEdge(to[j], t, demand[j], 0);
        }

        return (graph, s, t, edges);
    }

    /// <summary>Every integer shipment plan: the largest total shipped, and the least cost among plans shipping it.</summary>
    private static (long Flow, double Cost) BruteForce(long[] supply, long[] demand, double[][] cost)
    {
        int sources = supply.Length, sinks = demand.Length, cells = sources * sinks;
        var plan = new long[cells];
        (long Flow, double Cost) best = (-1, 0);
        void Search(int cell)
        {
            if (cell == cells)
            {
                long shipped = plan.Sum();
                double total = 0;
                for (int k = 0; k < cells; k++)
                {
                    total += plan[k] * cost[k / sinks][k % sinks];
                }

                if (shipped > best.Flow || (shipped == best.Flow && total < best.Cost))
                {
                    best = (shipped, total);
                }

                return;
            }

            int i = cell / sinks, j = cell % sinks;
            long usedSupply = Enumerable.Range(0, j).Sum(jj => plan[(i * sinks) + jj]);
            long usedDemand = Enumerable.Range(0, i).Sum(ii => plan[(ii * sinks) + j]);
            for (long q = 0; q <= Math.Min(supply[i] - usedSupply, demand[j] - usedDemand); q++)
            {
                plan[cell] = q;
                Search(cell + 1);
            }

            plan[cell] = 0;
        }

        Search(0);
        return best;
    }
}

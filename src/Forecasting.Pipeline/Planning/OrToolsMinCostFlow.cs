using Forecasting.Core.Planning;

namespace Forecasting.Pipeline.Planning;

/// <summary>
/// The planner's flow solver in the service: Google OR-Tools' <c>SimpleMinCostFlow</c> (a maintained network
/// simplex / cost-scaling implementation) behind the Core contract. OR-Tools takes integer costs, so costs
/// per unit are scaled to 1/10,000 of the currency unit; the total cost is reported from the unscaled costs.
/// </summary>
public sealed class OrToolsMinCostFlow : IMinCostFlow
{
    private const double CostScale = 10_000;
    private readonly List<(int From, int To, long Capacity, double Cost)> _edges = [];
    private int _nodes;
    private Google.OrTools.Graph.MinCostFlow? _solved;
    private readonly List<int> _arcs = [];

    public int AddNode() => _nodes++;

    public int AddEdge(int from, int to, long capacity, double cost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        if (cost < 0 || !double.IsFinite(cost))
        {
            throw new ArgumentOutOfRangeException(nameof(cost), cost, "Costs must be finite and non-negative.");
        }

        if (from < 0 || from >= _nodes || to < 0 || to >= _nodes)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"No such node (the graph has {_nodes}).");
        }

        _edges.Add((from, to, capacity, cost));
        return _edges.Count - 1;
    }

    public (long Flow, double Cost) Solve(int source, int sink, long limit = long.MaxValue)
    {
        var solver = new Google.OrTools.Graph.MinCostFlow();
        long outOfSource = 0;
        foreach (var (from, to, capacity, cost) in _edges)
        {
            long bounded = Math.Min(capacity, long.MaxValue / 8);
            _arcs.Add(solver.AddArcWithCapacityAndUnitCost(from, to, bounded, (long)Math.Round(cost * CostScale)));
            if (from == source)
            {
                outOfSource = SaturatingAdd(outOfSource, bounded);
            }
        }

        long supply = Math.Min(outOfSource, limit);
        solver.SetNodeSupply(source, supply);
        solver.SetNodeSupply(sink, -supply);
        var status = solver.SolveMaxFlowWithMinCost();
        if (status != Google.OrTools.Graph.MinCostFlowBase.Status.OPTIMAL)
        {
            throw new InvalidOperationException($"OR-Tools min-cost flow ended with {status}.");
        }

        _solved = solver;
        long flow = 0;
        double total = 0;
        for (int e = 0; e < _edges.Count; e++)
        {
            long f = solver.Flow(_arcs[e]);
            total += f * _edges[e].Cost;
            if (_edges[e].From == source)
            {
                flow += f;
            }
        }

        return (flow, total);
    }

    public long Flow(int edge) => _solved?.Flow(_arcs[edge]) ?? 0;

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}

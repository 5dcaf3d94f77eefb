namespace Forecasting.Core.Planning;

/// <summary>A minimum-cost maximum-flow solver: build the graph, solve from source to sink, read the flows.</summary>
public interface IMinCostFlow
{
    int AddNode();

    /// <summary>Adds the arc from -> to (capacity in units, cost per unit >= 0); returns its id.</summary>
    int AddEdge(int from, int to, long capacity, double cost);

    /// <summary>Sends the maximum flow (up to <paramref name="limit"/>) from source to sink at least total cost.</summary>
    (long Flow, double Cost) Solve(int source, int sink, long limit = long.MaxValue);

    long Flow(int edge);
}

/// <summary>
/// Minimum-cost flow on a directed graph with integer capacities and non-negative costs, by successive
/// shortest paths: Dijkstra on reduced costs (Johnson potentials), augmenting the whole bottleneck of each
/// path. Finds the maximum flow from source to sink (or up to a limit) of least total cost. Deterministic:
/// ties are broken by node and edge order. O(F (E log V)) for F augmentations; the planner's graphs
/// (sources, lanes, destinations) are small per SKU.
/// </summary>
/// <remarks>The reference implementation: Core has no package dependencies, so the service plans with Google
/// OR-Tools' solver (Forecasting.Pipeline) and the tests check both against each other and against brute force.</remarks>
public sealed class MinCostFlow : IMinCostFlow
{
    private readonly List<int> _to = [];
    private readonly List<long> _capacity = [];
    private readonly List<double> _cost = [];
    private readonly List<List<int>> _out = [];

    public int NodeCount => _out.Count;

    public int AddNode()
    {
        _out.Add([]);
        return _out.Count - 1;
    }

    /// <summary>Adds the arc from -> to; returns its id (for <see cref="Flow"/>).</summary>
    public int AddEdge(int from, int to, long capacity, double cost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        if (cost < 0 || !double.IsFinite(cost))
        {
            throw new ArgumentOutOfRangeException(nameof(cost), cost, "Costs must be finite and non-negative.");
        }

        CheckNode(from);
        CheckNode(to);
        int id = _to.Count;
        _to.Add(to);
        _capacity.Add(capacity);
        _cost.Add(cost);
        _out[from].Add(id);
        _to.Add(from); // residual twin, id ^ 1
        _capacity.Add(0);
        _cost.Add(-cost);
        _out[to].Add(id + 1);
        return id;
    }

    /// <summary>Flow on an edge after <see cref="Solve"/>.</summary>
    public long Flow(int edge) => _capacity[edge ^ 1];

    /// <returns>The flow sent and its total cost.</returns>
    public (long Flow, double Cost) Solve(int source, int sink, long limit = long.MaxValue)
    {
        CheckNode(source);
        CheckNode(sink);
        int n = _out.Count;
        var potential = new double[n];
        var distance = new double[n];
        var previous = new int[n];
        long flow = 0;
        double cost = 0;
        while (flow < limit)
        {
            Array.Fill(distance, double.PositiveInfinity);
            Array.Fill(previous, -1);
            distance[source] = 0;
            var queue = new PriorityQueue<int, (double Distance, int Node)>();
            queue.Enqueue(source, (0, source));
            while (queue.TryDequeue(out int u, out var key))
            {
                if (key.Distance > distance[u])
                {
                    continue;
                }

                foreach (int e in _out[u])
                {
                    if (_capacity[e] <= 0)
                    {
                        continue;
                    }

                    int v = _to[e];
                    double reduced = _cost[e] + potential[u] - potential[v];
                    double candidate = distance[u] + Math.Max(0, reduced); // clamp rounding noise
                    if (candidate < distance[v] - 1e-12)
                    {
                        distance[v] = candidate;
                        previous[v] = e;
                        queue.Enqueue(v, (candidate, v));
                    }
                }
            }

            if (double.IsPositiveInfinity(distance[sink]))
            {
                break;
            }

            for (int v = 0; v < n; v++)
            {
                if (!double.IsPositiveInfinity(distance[v]))
                {
                    potential[v] += distance[v];
                }
            }

            long push = limit - flow;
            for (int v = sink; v != source; v = _to[previous[v] ^ 1])
            {
                push = Math.Min(push, _capacity[previous[v]]);
            }

            for (int v = sink; v != source; v = _to[previous[v] ^ 1])
            {
                int e = previous[v];
                _capacity[e] -= push;
                _capacity[e ^ 1] += push;
                cost += push * _cost[e];
            }

            flow += push;
        }

        return (flow, cost);
    }

    private void CheckNode(int node)
    {
        if (node < 0 || node >= _out.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(node), node, $"No such node (the graph has {_out.Count}).");
        }
    }
}

using Forecasting.Core.Domain;

namespace Forecasting.Core.Planning;

/// <summary>
/// Anticipatory pre-positioning for one SKU at a time (design.md "Planner math"):
/// <list type="number">
/// <item>each warehouse's protection window = the shortest lead time of a lane into it + the review period
/// (the central DC: the review period); its demand over the window = the sum over the regions it serves
/// (<see cref="WindowDemand"/>); target = the service-level quantile for the item's ABC class;</item>
/// <item>position = on hand + in transit - committed; shortfall = target - position rounded up; surplus =
/// position - target rounded down; the central DC never sends its reserve
/// (<see cref="PlannerOptions.CentralReserveFraction"/> of its position);</item>
/// <item>allocation = a min-cost max-flow from surpluses to shortfalls over the lanes (<see cref="MinCostFlow"/>):
/// a lane whose lead time is not shorter than the destination's window is left out (it would arrive after
/// the demand), destinations take at most min(shortfall, capacity - on hand - in transit);</item>
/// <item>repairs, documented because flows are continuous and lanes are not: a lane used below its minimum
/// quantity is removed and the flow solved again (until no lane is below its minimum); then every move is
/// rounded down to whole case packs (rounding down keeps every limit; a move that rounds to 0, or below its
/// lane's minimum, is dropped);</item>
/// <item>benefit of a move = expected shortage units it avoids at the destination (from the demand
/// distribution, moves into one destination valued cheapest first) x unit margin - transfer cost; only
/// moves with positive benefit are proposed, best first.</item>
/// </list>
/// Deterministic: the same inputs give the same proposals.
/// </summary>
public sealed class ReplenishmentPlanner
{
    private readonly Network _network;
    private readonly PlannerOptions _options;
    private readonly Dictionary<string, int> _window = new(StringComparer.Ordinal);
    private readonly Func<IMinCostFlow> _solver;

    /// <param name="solver">Makes the flow solver of each SKU (default: the built-in <see cref="MinCostFlow"/>).</param>
    public ReplenishmentPlanner(Network network, PlannerOptions? options = null, Func<IMinCostFlow>? solver = null)
    {
        _network = network ?? throw new ArgumentNullException(nameof(network));
        _solver = solver ?? (() => new MinCostFlow());
        _options = options ?? new PlannerOptions();
        _options.Validate();
        foreach (var w in network.Warehouses)
        {
            int lead = w.IsCentral ? 0 : network.Lanes.Where(l => l.To == w.Id).Select(l => l.LeadTimeDays).DefaultIfEmpty(0).Min();
            _window[w.Id] = lead + _options.ReviewPeriodDays;
        }
    }

    public PlannerOptions Options => _options;

    /// <summary>The protection window of a warehouse, in days.</summary>
    public int WindowDays(string warehouse) => _window[warehouse];

    /// <summary>Each warehouse's window demand, target, position, capacity headroom, surplus and shortfall for one SKU.</summary>
    public SkuAssessment Assess(SkuPlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        double level = _options.ServiceLevel(input.AbcClass);
        double margin = Margin(input.Item);
        var warehouses = _network.Warehouses;
        int count = warehouses.Count;
        var demand = new WindowDemand[count];
        var target = new double[count];
        var position = new int[count];
        var headroom = new long[count];
        var surplus = new long[count];
        var shortfall = new long[count];
        var forecasts = input.Forecasts.ToDictionary(f => f.Region, StringComparer.Ordinal);
        var positions = input.Positions.ToDictionary(p => p.Warehouse, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            var w = warehouses[i];
            int days = _window[w.Id];
            var d = new WindowDemand(0, 0);
            foreach (var region in w.RegionsServed)
            {
                if (forecasts.TryGetValue(region, out var f))
                {
                    d = d.Add(WindowDemand.Sum(f.Mean, f.P10, f.P90, days));
                }
            }

            demand[i] = d;
            target[i] = w.RegionsServed.Count == 0 ? 0 : d.Quantile(LevelAt(w, level, margin, (double)(input.Item.UnitCost ?? 0)));
            var p = positions.GetValueOrDefault(w.Id);
            position[i] = p?.Position ?? 0;
            headroom[i] = Math.Max(0, w.Capacity - ((long)(p?.OnHand ?? 0) + (p?.InTransit ?? 0)));
            double keep = w.IsCentral ? Math.Max(target[i], _options.CentralReserveFraction * Math.Max(0, position[i])) : target[i];
            surplus[i] = Math.Max(0, (long)Math.Floor(position[i] - keep));
            shortfall[i] = w.IsCentral ? 0 : Math.Max(0, (long)Math.Ceiling(target[i] - position[i] - 1e-9));
        }

        return new SkuAssessment(level, demand, target, position, headroom, surplus, shortfall);
    }

    public IReadOnlyList<TransferProposal> PlanSku(SkuPlanInput input, DateOnly planDate)
    {
        var (level, demand, target, position, headroom, surplus, shortfall) = Assess(input);
        var warehouses = _network.Warehouses;
        int count = warehouses.Count;
        if (!shortfall.Any(s => s > 0) || !surplus.Any(s => s > 0))
        {
            return [];
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            index[warehouses[i].Id] = i;
        }

        var usable = _network.Lanes
            .Where(l => index.ContainsKey(l.From) && index.ContainsKey(l.To) && l.From != l.To
                && surplus[index[l.From]] > 0 && shortfall[index[l.To]] > 0 && l.LeadTimeDays < _window[l.To])
            .OrderBy(l => l.From, StringComparer.Ordinal).ThenBy(l => l.To, StringComparer.Ordinal)
            .ToList();
        var flows = Allocate(_solver, usable, index, surplus, shortfall, headroom);

        // Whole case packs, rounded down.
        int pack = Math.Max(1, input.Item.CasePack);
        var moves = flows.Select(f => (f.Lane, Quantity: (int)Math.Min(int.MaxValue, f.Quantity / pack * pack)))
            .Where(m => m.Quantity > 0 && m.Quantity >= m.Lane.MinQuantity).ToList(); // rounding must not go below a lane's minimum

        double margin = Margin(input.Item);
        double unitCost = (double)(input.Item.UnitCost ?? 0);
        var proposals = new List<TransferProposal>();
        foreach (var group in moves.GroupBy(m => m.Lane.To).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int to = index[group.Key];
            int stock = position[to];
            var d = demand[to];
            foreach (var (lane, quantity) in group.OrderBy(g => g.Lane.CostPerUnit).ThenBy(g => g.Lane.From, StringComparer.Ordinal))
            {
                double unitValue = ShortageUnitValue(lane, margin);
                var arrival = _options.BenefitWindow == BenefitWindow.FromArrival
                    ? ArrivalDemand.Split(input.Forecasts.Where(f => warehouses[to].RegionsServed.Contains(f.Region)), lane.LeadTimeDays, _window[lane.To])
                    : null;
                var value = arrival is null
                    ? MoveValue.Into(d, stock, quantity, (double)lane.CostPerUnit, unitValue)
                    : MoveValue.Into(arrival, stock, quantity, (double)lane.CostPerUnit, unitValue);
                double holding = HoldingPerUnitDay(unitCost) * _window[lane.To] * Math.Max(0, quantity - value.ShortageAvoided);
                value = value with { Cost = value.Cost + holding, Benefit = value.Benefit - holding };
                if (value.Benefit <= 0)
                {
                    continue;
                }

                var limits = new MoveLimits(Clamp(surplus[index[lane.From]]), lane.MinQuantity, pack, Clamp(headroom[to]), (double)lane.CostPerUnit, unitValue, arrival);
                proposals.Add(new TransferProposal(
                    input.Item.Sku, lane.From, lane.To, quantity, planDate.AddDays(lane.LeadTimeDays), _window[lane.To],
                    d.Mean, d.Quantile(0.1), d.Quantile(0.9), target[to], stock, stock + quantity, LevelAt(warehouses[to], level, margin, unitCost), value.ShortageAvoided, value.Cost, value.Benefit, input.Model, Limits: limits, AbcClass: input.AbcClass));
                stock += quantity;
            }
        }

        return [.. proposals.OrderByDescending(p => p.Benefit).ThenBy(p => p.From, StringComparer.Ordinal).ThenBy(p => p.To, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Stock moved here earlier (an exported move that should have arrived <see cref="PlannerOptions.ReviewUnconsumedAfterDays"/>
    /// days ago) and still in surplus at its destination is flagged: a proposal to move the unsold part back
    /// to where it came from (rejecting it means "hold"). Null when the stock was consumed or no lane leads back.
    /// </summary>
    public TransferProposal? ReviewUnconsumed(SkuPlanInput input, TransferProposal moved, DateOnly planDate)
    {
        ArgumentNullException.ThrowIfNull(moved);
        if (moved.ArriveBy.AddDays(_options.ReviewUnconsumedAfterDays) > planDate)
        {
            return null;
        }

        int at = Index(moved.To);
        var back = _network.Lanes.FirstOrDefault(l => l.From == moved.To && l.To == moved.From);
        if (at < 0 || back is null)
        {
            return null;
        }

        var assessment = Assess(input);
        int quantity = (int)Math.Min(moved.Quantity, assessment.Surplus[at]);
        if (quantity <= 0)
        {
            return null;
        }

        var d = assessment.Demand[at];
        var value = MoveValue.Back(quantity, (double)back.CostPerUnit);
        int origin = Index(moved.From);
        var limits = new MoveLimits(Clamp(assessment.Surplus[at]), back.MinQuantity, Math.Max(1, input.Item.CasePack), origin < 0 ? 0 : Clamp(assessment.Headroom[origin]),
            (double)back.CostPerUnit, input.Item.UnitMargin is { } m ? (double)m : _options.DefaultUnitMargin);
        return new TransferProposal(moved.Sku, moved.To, moved.From, quantity, planDate.AddDays(back.LeadTimeDays), _window[moved.To],
            d.Mean, d.Quantile(0.1), d.Quantile(0.9), assessment.Target[at], assessment.Position[at], assessment.Position[at] - quantity,
            assessment.ServiceLevel, value.ShortageAvoided, value.Cost, value.Benefit, input.Model, TransferProposal.ReviewUnconsumed, limits, input.AbcClass);
    }

    private static int Clamp(long units) => (int)Math.Clamp(units, 0, int.MaxValue);

    private double Margin(CatalogItem item) => item.UnitMargin is { } m ? (double)m : _options.DefaultUnitMargin;

    private double HoldingPerUnitDay(double unitCost) => unitCost * _options.HoldingCostPerYear / 365;

    /// <summary>What a unit short at the lane's destination costs when the lane's source keeps the unit
    /// (<see cref="PlannerOptions.ShortageValuation"/>).</summary>
    private double ShortageUnitValue(Lane lane, double margin)
    {
        if (_options.ShortageValuation == ShortageValuation.LostSale || lane.LeadTimeDays > _options.MaxExtraDeliveryDays)
        {
            return margin;
        }

        double lost = Math.Min(1, _options.LossPerExtraDeliveryDay * lane.LeadTimeDays);
        return (lost * margin) + ((1 - lost) * _options.RemoteDeliveryCostFactor * (double)lane.CostPerUnit);
    }

    /// <summary>The service level of a destination: the item's ABC level, or the newsvendor critical ratio over the cheapest
    /// lane into it (<see cref="PlannerOptions.ServiceLevelFromCriticalRatio"/>).</summary>
    private double LevelAt(Warehouse warehouse, double abcLevel, double margin, double unitCost)
    {
        if (!_options.ServiceLevelFromCriticalRatio || warehouse.IsCentral)
        {
            return abcLevel;
        }

        var lane = _network.Lanes.Where(l => l.To == warehouse.Id && l.From != l.To).OrderBy(l => l.CostPerUnit).ThenBy(l => l.LeadTimeDays).FirstOrDefault();
        if (lane is null)
        {
            return abcLevel;
        }

        double under = ShortageUnitValue(lane, margin);
        double over = (double)lane.CostPerUnit + (HoldingPerUnitDay(unitCost) * _window[warehouse.Id]);
        return under + over > 0 ? Math.Clamp(under / (under + over), 0.51, 0.99) : abcLevel;
    }

    private int Index(string warehouse)
    {
        for (int i = 0; i < _network.Warehouses.Count; i++)
        {
            if (_network.Warehouses[i].Id == warehouse)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Min-cost max-flow over the usable lanes; lanes used below their minimum are removed and the flow re-solved.</summary>
    private static List<(Lane Lane, long Quantity)> Allocate(Func<IMinCostFlow> solver, List<Lane> lanes, Dictionary<string, int> index, long[] surplus, long[] shortfall, long[] headroom)
    {
        var excluded = new HashSet<Lane>();
        while (true)
        {
            var graph = solver();
            int source = graph.AddNode(), sink = graph.AddNode();
            var outNode = new int[surplus.Length];
            var inNode = new int[surplus.Length];
            for (int i = 0; i < surplus.Length; i++)
            {
                outNode[i] = graph.AddNode();
                inNode[i] = graph.AddNode();
                if (surplus[i] > 0)
                {
                    graph.AddEdge(source, outNode[i], surplus[i], 0);
                }

                long take = Math.Min(shortfall[i], headroom[i]);
                if (take > 0)
                {
                    graph.AddEdge(inNode[i], sink, take, 0);
                }
            }

            var edges = new List<(Lane Lane, int Edge)>();
            foreach (var lane in lanes.Where(l => !excluded.Contains(l)))
            {
                edges.Add((lane, graph.AddEdge(outNode[index[lane.From]], inNode[index[lane.To]], long.MaxValue / 4, (double)lane.CostPerUnit)));
            }

            graph.Solve(source, sink);
            var flows = edges.Select(e => (e.Lane, Quantity: graph.Flow(e.Edge))).Where(f => f.Quantity > 0).ToList();
            var belowMinimum = flows.Where(f => f.Quantity < f.Lane.MinQuantity).Select(f => f.Lane).ToList();
            if (belowMinimum.Count == 0)
            {
                return flows;
            }

            excluded.UnionWith(belowMinimum);
        }
    }
}

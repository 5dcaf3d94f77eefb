namespace Forecasting.Core.Simulation;

/// <summary>Network-wide units per replayed day of one policy (index 0 = the first replayed day).</summary>
public sealed class ReplayDaily(int days)
{
    public long[] Demand { get; } = new long[days];

    public long[] Local { get; } = new long[days];

    public long[] Sold { get; } = new long[days];

    /// <summary>Units on hand at the end of the day, all warehouses.</summary>
    public long[] OnHand { get; } = new long[days];

    public void Add(ReplayDaily other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int d = 0; d < Demand.Length; d++)
        {
            Demand[d] += other.Demand[d];
            Local[d] += other.Local[d];
            Sold[d] += other.Sold[d];
            OnHand[d] += other.OnHand[d];
        }
    }
}

/// <summary>What one policy did over the replay: its totals, its days, and example moves with predicted and realised benefit.</summary>
public sealed record PolicyOutcome(ReplayPolicy Policy, ReplayTotals Totals, ReplayDaily Daily, IReadOnlyList<ReplayMove> SampleMoves);

/// <summary>A replay's outcome per policy, in the order the policies were asked for.</summary>
/// <param name="Warehouses">Warehouse ids in the network's order (the order of the per-warehouse totals).</param>
public sealed record ReplayResult(DateOnly FirstDay, int Days, IReadOnlyList<string> Warehouses, IReadOnlyList<PolicyOutcome> Policies)
{
    public IReadOnlyList<PolicyKpis> Kpis()
    {
        var none = Policies.FirstOrDefault(p => p.Policy == ReplayPolicy.None);
        var oracle = Policies.FirstOrDefault(p => p.Policy == ReplayPolicy.Oracle);
        return [.. Policies.Select(p => PolicyKpis.Of(p, Days, Warehouses, none?.Totals.Profit, oracle?.Totals.Profit))];
    }
}

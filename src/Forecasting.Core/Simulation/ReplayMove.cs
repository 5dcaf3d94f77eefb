namespace Forecasting.Core.Simulation;

/// <summary>
/// One move a policy sent in the replay, with the planner's expected benefit (0 for reactive refills) and the benefit it
/// realised: for every moved unit sold at the destination before the move's window ended, and only when the destination's
/// own stock had run out (moved units are sold last), the value of serving that order locally instead of from the
/// source (the sale the slower delivery would lose, the remote delivery cost it saves), less the transfer cost.
/// </summary>
public sealed record ReplayMove(string Sku, string From, string To, DateOnly Sent, int Units, double PredictedBenefit, double RealisedBenefit);

/// <summary>Moved units still attributed to their move at the destination (until <see cref="Expires"/>).</summary>
internal sealed class MoveLayer(int move, int units, int expires, double valuePerUnit)
{
    public int Move { get; } = move;

    public int Remaining { get; set; } = units;

    /// <summary>The first day the units no longer count for the move (the end of its planning window).</summary>
    public int Expires { get; } = expires;

    public double ValuePerUnit { get; } = valuePerUnit;
}

/// <summary>Units on the way: a transfer (<see cref="Move"/> its index) or a supplier delivery (<see cref="Move"/> = -1).</summary>
internal readonly record struct Shipment(int Arrives, int To, int Units, int Move)
{
    public bool FromSupplier => Move < 0;
}

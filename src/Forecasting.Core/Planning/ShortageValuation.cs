namespace Forecasting.Core.Planning;

/// <summary>What a unit of shortage at a destination costs the planner (docs/planner.md "Economics").</summary>
public enum ShortageValuation
{
    /// <summary>Every unit short is a lost sale at full margin (the original model).</summary>
    LostSale,

    /// <summary>A unit short at the destination is served by the move's source when that warehouse reaches the destination's
    /// customers within <see cref="PlannerOptions.MaxExtraDeliveryDays"/>: it costs the expected loss from the slower delivery
    /// (min(1, loss per extra day x lead) x margin) and the remote delivery of the rest; only out of reach is it a lost sale.</summary>
    Reachable,
}
